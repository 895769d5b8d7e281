/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Django serves web/dist at the site root through WhiteNoise (WHITENOISE_ROOT), so the
// build goes to dist/app/ and every URL the browser asks for starts with /app/.
const backend = process.env.MODELBANK_API ?? 'http://127.0.0.1:8010'

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist/app', emptyOutDir: true, assetsDir: 'assets' },
  server: {
    // `npm run dev`: the API stays on Django; Origin is dropped so Django's CSRF check
    // sees a same-origin request.
    proxy: {
      '/api': {
        target: backend,
        changeOrigin: true,
        configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')),
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
})
