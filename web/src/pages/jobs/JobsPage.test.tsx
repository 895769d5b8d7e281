import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { JobsPage } from './JobsPage'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

beforeEach(() => {
  document.cookie = 'csrftoken=test-token'
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (url.includes('/ai/jobs/') && init?.method === 'POST') {
      return json({ error: { code: 'insufficient_credits', message: 'This job needs 15 credits to start and the account has 4 available.', needed: 15, available: 4 } }, 402)
    }
    if (url.includes('/ai/jobs/')) return json({ count: 0, next: null, previous: null, results: [] })
    if (url.includes('/ai/functions/')) {
      return json([
        { name: 'generate_content', label: 'Write an article', model_type: 'text', operation_type: 'content_generation',
          fields: [{ name: 'brief', label: 'Brief', kind: 'textarea', required: true, help_text: '' }] },
        { name: 'generate_images', label: 'Generate images', model_type: 'image', operation_type: 'image_generation',
          fields: [{ name: 'prompts', label: 'Prompts (one per line)', kind: 'lines', required: true, help_text: '' },
                   { name: 'size', label: 'Size (e.g. 1024x1024)', kind: 'text', required: false, help_text: '' }] },
      ])
    }
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  }))
})

afterEach(() => vi.unstubAllGlobals())

describe('Jobs', () => {
  it('shows a 402 in plain words', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    render(<QueryClientProvider client={client}><JobsPage /></QueryClientProvider>)
    fireEvent.change(await screen.findByLabelText('What to do'), { target: { value: 'generate_images' } })
    fireEvent.change(screen.getByLabelText('Prompts (one per line)'), { target: { value: 'A lighthouse at dawn' } })
    fireEvent.click(screen.getByRole('button', { name: 'Start job' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Not enough credits: this needs 15, you have 4.')
    const post = vi.mocked(fetch).mock.calls.find(([, init]) => init?.method === 'POST')!
    expect(JSON.parse(String(post[1]!.body))).toEqual({ function: 'generate_images', input: { prompts: ['A lighthouse at dawn'] } })
  })
})
