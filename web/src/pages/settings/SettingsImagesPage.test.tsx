import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AIModels } from '../../api/types'
import { SettingsImagesPage } from './SettingsImagesPage'

const catalog: AIModels = {
  text_models: [],
  image_models: [
    { id: 4, model_name: 'acme:97@1', display_name: 'Acme Turbo', quality_tier: 'basic', is_default: false, credits_per_image: 1, valid_sizes: ['1024x1024', '1280x768'], available: true },
    { id: 5, model_name: 'pix-3', display_name: 'PixCorp Pix 3', quality_tier: 'quality', is_default: true, credits_per_image: 5, valid_sizes: ['1024x1024', '1792x1024'], available: true },
    { id: 6, model_name: 'vendor:4@2', display_name: 'Vendor Imagen', quality_tier: 'premium', is_default: false, credits_per_image: 15, valid_sizes: ['1024x1024', '1376x768'], available: true },
  ],
  image_settings: { style: 'photorealistic', max_in_article_images: 4, quality: 'hd' },
}

const integration = {
  integration_type: 'image_generation',
  kind: 'image',
  override: { model: null, config: {} },
  effective: {
    model: { id: 5, model_name: 'pix-3', display_name: 'PixCorp Pix 3' },
    quality_tier: 'quality', image_style: 'photorealistic', image_quality: 'hd', image_size: '1024x1024',
    max_in_article_images: 4, sources: {},
  },
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

let fetchMock: ReturnType<typeof vi.fn>

beforeEach(() => {
  document.cookie = 'csrftoken=test-token'
  fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url.endsWith('/auth/me/')) return json({ id: 1, username: 'owner', email: 'o@example.com', is_staff: false, account: { id: 1, name: 'A' }, role: 'owner' })
    if (url.endsWith('/system/ai-models/')) return json(catalog)
    if (url.endsWith('/integrations/image_generation/') && (!init?.method || init.method === 'GET')) return json(integration)
    if (url.endsWith('/integrations/image_generation/') && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body))
      return json({ ...integration, override: { model: null, config: body }, ignored_fields: [] })
    }
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  })
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => vi.unstubAllGlobals())

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(<QueryClientProvider client={client}><SettingsImagesPage /></QueryClientProvider>)
}

describe('Settings → Images', () => {
  it('is read-only for members, who cannot change account settings', async () => {
    fetchMock.mockImplementation(async (url: string) => {
      if (url.endsWith('/auth/me/')) return json({ id: 2, username: 'm', email: 'm@example.com', is_staff: false, account: { id: 1, name: 'A' }, role: 'member' })
      if (url.endsWith('/system/ai-models/')) return json(catalog)
      return json(integration)
    })
    renderPage()
    expect(await screen.findByRole('note')).toHaveTextContent('owners and admins')
    expect(screen.getByRole('radio', { name: /Premium/ })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled()
  })

  it('offers the tiers from the API with credits and no provider or model names', async () => {
    renderPage()
    expect(await screen.findByRole('radio', { name: /Premium \(15 credits\/image\)/ })).toBeInTheDocument()
    expect(screen.getByRole('radio', { name: /Basic \(1 credit\/image\)/ })).toBeInTheDocument()
    expect(screen.getByRole('radio', { name: /Quality \(5 credits\/image\)/ })).toBeChecked()
    const text = document.body.textContent ?? ''
    for (const name of ['acme', 'Acme', 'pix-3', 'PixCorp', 'vendor', 'Vendor', 'Imagen']) expect(text).not.toContain(name)
  })

  it("offers the chosen tier's sizes and saves the tier as the account's override", async () => {
    renderPage()
    await waitFor(() => expect(screen.getByRole('radio', { name: /Premium/ })).toBeEnabled())
    fireEvent.click(screen.getByRole('radio', { name: /Premium/ }))
    const sizes = Array.from((screen.getByLabelText('Image size') as HTMLSelectElement).options).map((o) => o.value)
    expect(sizes).toEqual(['1024x1024', '1376x768'])
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByText('Saved.')
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')!
    expect(JSON.parse(String(put[1].body))).toEqual({ quality_tier: 'premium', image_size: '1024x1024' })
    expect(put[1].headers['X-CSRFToken']).toBe('test-token')
  })
})
