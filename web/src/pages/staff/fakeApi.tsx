// Test helpers for the staff pages: a fetch that answers by method and path, and a render with a fresh query client.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { MemoryRouter } from 'react-router'
import { vi } from 'vitest'

export type Route = (url: URL, init: RequestInit | undefined) => unknown

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** fetch answered by `routes['METHOD /api/v1/path/']`; a Response is sent as is, anything else as JSON. */
export function fakeApi(routes: Record<string, Route>) {
  document.cookie = 'csrftoken=t'
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://test')
    const route = routes[`${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}`]
    if (!route) return json({ error: { code: 'not_found', message: `no fake for ${url.pathname}` } }, 404)
    const body = route(url, init)
    return body instanceof Response ? body : json(body)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** The JSON bodies sent with `method` to `path`. */
export function sent(fetchMock: ReturnType<typeof fakeApi>, method: string, path: string): unknown[] {
  return fetchMock.mock.calls
    .filter(([url, init]) => (init?.method ?? 'GET') === method && new URL(url, 'http://test').pathname === path)
    .map(([, init]) => (init?.body ? JSON.parse(String(init.body)) : undefined))
}

export function renderPage(page: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(<QueryClientProvider client={client}><MemoryRouter>{page}</MemoryRouter></QueryClientProvider>)
}
