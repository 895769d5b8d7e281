import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { MemoryRouter, Route, Routes } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { JobDetailPage } from './JobDetailPage'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const base = {
  id: '6b1f3c1e-0000-4000-8000-000000000001', status: 'succeeded', progress: 100, step: 'Done', error: null,
  credits_charged: 3, cost_usd: '0.03120000', created_at: '2026-03-01T10:00:00Z', started_at: '2026-03-01T10:00:01Z',
  finished_at: '2026-03-01T10:00:09Z',
}
const article = { ...base, function: 'generate_content', input: { brief: 'Lighthouses today', keywords: ['lighthouse'] },
  result: { content: '# How lighthouses work\n\nMost run **on their own**.\n\n<script>window.hacked = 1</script>', model: 'gpt-5.1', credits: 3 } }
const images = { ...base, function: 'generate_images', input: { prompts: ['a lighthouse', 'a harbour'] },
  result: { images: [
    { prompt: 'a lighthouse', url: null, b64_json: 'iVBORw0KGgo=', revised_prompt: null },
    { prompt: 'a harbour', url: 'https://img.example/2.png', b64_json: null, revised_prompt: 'a harbour at dusk' },
  ], model: 'dall-e-3', credits: 10 } }

let job: Record<string, unknown>
let staff = false

beforeEach(() => {
  staff = false
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    if (url.endsWith('/auth/me/')) return json({ id: 1, username: 'm@example.com', email: 'm@example.com', is_staff: staff, account: { id: 1, name: 'A' }, role: 'member', accounts: [] })
    if (url.includes('/ai/functions/')) return json([{ name: 'generate_content', label: 'Write an article', model_type: 'text', operation_type: 'content_generation',
      fields: [{ name: 'brief', label: 'Brief', kind: 'textarea', required: true, help_text: '' }] }])
    if (url.includes(`/ai/jobs/${base.id}/`)) return json(job)
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  }))
})

afterEach(() => vi.unstubAllGlobals())

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[`/jobs/${base.id}`]}>
        <Routes><Route path="/jobs/:jobId" element={<JobDetailPage />} /></Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

describe('a job of its own page', () => {
  it('shows an article rendered from Markdown, safely, to copy or download', async () => {
    job = article
    const writeText = vi.fn(async () => undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    renderPage()
    expect(await screen.findByRole('heading', { name: 'How lighthouses work' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Write an article' })).toBeInTheDocument()
    expect(screen.getByText('on their own').tagName).toBe('STRONG')
    expect(screen.getByTestId('article').innerHTML).not.toContain('<script')
    fireEvent.click(screen.getByRole('button', { name: 'Copy Markdown' }))
    await screen.findByText('Copied.')
    expect(writeText).toHaveBeenCalledWith(article.result.content)
    const createObjectURL = vi.fn(() => 'blob:x')
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    fireEvent.click(screen.getByRole('button', { name: 'Download .md' }))
    expect(click).toHaveBeenCalled()
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('how-lighthouses-work.md')
    // what was asked, with the form's labels
    expect(screen.getByText('Brief')).toBeInTheDocument()
  })

  it('shows a member credits only, never the provider cost or the model', async () => {
    job = article
    renderPage()
    await screen.findByTestId('article')
    expect(screen.getByTestId('job')).toHaveTextContent('Charged 3 credits')
    const text = document.body.textContent ?? ''
    expect(text).not.toMatch(/provider cost|\$0\.03|gpt-5\.1/)
  })

  it('shows staff the provider cost too', async () => {
    staff = true
    job = article
    renderPage()
    await waitFor(() => expect(screen.getByTestId('job')).toHaveTextContent('Charged 3 credits · provider cost $0.0312'))
  })

  it('enlarges an image and offers it for download, and Escape closes it', async () => {
    job = images
    renderPage()
    const first = await screen.findByRole('button', { name: 'Enlarge image 1: a lighthouse' })
    expect(screen.getByRole('link', { name: 'Download image 2' })).toHaveAttribute('href', 'https://img.example/2.png')
    fireEvent.click(first)
    const dialog = screen.getByRole('dialog', { name: 'Image: a lighthouse' })
    expect(dialog.querySelector('img')).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=')
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('download', `job-${base.id.slice(0, 8)}-1.png`)
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus()
    fireEvent.keyDown(document, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    await waitFor(() => expect(first).toHaveFocus())
  })

  it('announces the status politely as the job runs', async () => {
    job = { ...article, status: 'running', progress: 15, step: 'Writing the article', result: null, finished_at: null }
    renderPage()
    const live = await screen.findByTestId('job-announcer')
    expect(live).toHaveAttribute('aria-live', 'polite')
    expect(live).toHaveTextContent('Running: Writing the article')
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '15')
  })

  it('says so when the job is not the account’s', async () => {
    job = {}
    vi.mocked(fetch).mockImplementation(async (url) => String(url).includes('/ai/jobs/')
      ? json({ error: { code: 'not_found', message: 'Not found.' } }, 404) : json([]))
    renderPage()
    expect(await screen.findByRole('alert')).toHaveTextContent('Not found.')
    expect(screen.getByRole('link', { name: 'Back to the jobs' })).toBeInTheDocument()
  })
})
