import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { JobsPage } from './JobsPage'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const FUNCTIONS = [
  { name: 'generate_content', label: 'Write an article', model_type: 'text', operation_type: 'content_generation',
    fields: [{ name: 'brief', label: 'Brief', kind: 'textarea', required: true, help_text: '' }] },
  { name: 'generate_images', label: 'Generate images', model_type: 'image', operation_type: 'image_generation',
    fields: [{ name: 'prompts', label: 'Prompts (one per line)', kind: 'lines', required: true, help_text: '' },
             { name: 'size', label: 'Size (e.g. 1024x1024)', kind: 'text', required: false, help_text: 'Empty: the size your settings choose.' }] },
]
const IMAGE_MODELS = [
  { id: 1, model_name: 'acme', display_name: 'Acme', quality_tier: 'basic', is_default: false, credits_per_image: 1, valid_sizes: ['1024x1024'], available: true },
  { id: 2, model_name: 'pix', display_name: 'Pix', quality_tier: 'quality', is_default: true, credits_per_image: 5, valid_sizes: ['1024x1024'], available: true },
  { id: 3, model_name: 'vendor', display_name: 'Vendor', quality_tier: 'premium', is_default: false, credits_per_image: 15, valid_sizes: ['1024x1024'], available: true },
]

type Handler = (url: string, init?: RequestInit) => Response | undefined
let onPost: Handler

beforeEach(() => {
  document.cookie = 'csrftoken=test-token'
  onPost = () => json({ error: { code: 'insufficient_credits', message: 'This job needs 15 credits to start and the account has 4 available.', needed: 15, available: 4 } }, 402)
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') return onPost(url, init)!
    if (url.includes('/ai/jobs/')) return json({ count: 0, next: null, previous: null, results: [] })
    if (url.includes('/ai/functions/')) return json(FUNCTIONS)
    if (url.endsWith('/auth/me/')) return json({ id: 2, username: 'm@example.com', email: 'm@example.com', is_staff: false, account: { id: 1, name: 'A' }, role: 'member', accounts: [] })
    if (url.endsWith('/system/ai-models/')) return json({ text_models: [], image_models: IMAGE_MODELS, image_settings: { style: 's', max_in_article_images: 4, quality: 'hd' } })
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  }))
})

afterEach(() => vi.unstubAllGlobals())

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(<QueryClientProvider client={client}><MemoryRouter initialEntries={['/jobs']}><JobsPage /></MemoryRouter></QueryClientProvider>)
}

const posts = (path: string) => vi.mocked(fetch).mock.calls.filter(([url, init]) => init?.method === 'POST' && String(url).endsWith(path))

describe('Jobs', () => {
  it('shows a 402 in plain words, with what would make it fit', async () => {
    renderPage()
    fireEvent.change(await screen.findByLabelText('What to do'), { target: { value: 'generate_images' } })
    fireEvent.change(screen.getByLabelText('Prompts (one per line)'), { target: { value: 'A lighthouse at dawn' } })
    fireEvent.click(screen.getByRole('button', { name: 'Start job' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Not enough credits: this needs 15, you have 4.')
    const post = posts('/ai/jobs/')[0]
    expect(JSON.parse(String(post[1]!.body))).toEqual({ function: 'generate_images', input: { prompts: ['A lighthouse at dawn'] } })
    const fixes = await screen.findByTestId('credit-fixes')
    expect(fixes).toHaveTextContent('Top up: ask the platform team to add at least 11 credits to your account.')
  })

  it('tells the cost before Start, and offers fewer images when they do not fit', async () => {
    onPost = (url, init) => {
      if (url.endsWith('/ai/jobs/estimate/')) {
        const n = JSON.parse(String(init!.body)).input.prompts.length
        return json({ function: 'generate_images', credits: 5 * n, worst_case: false, images: n, credits_per_image: 5,
          quality_tier: 'quality', max_tokens: null, available: 8, enough: 5 * n <= 8 })
      }
      return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
    }
    renderPage()
    fireEvent.change(await screen.findByLabelText('What to do'), { target: { value: 'generate_images' } })
    expect(screen.getByTestId('estimate')).toHaveTextContent('Fill in the form to see what it costs.')
    fireEvent.change(screen.getByLabelText('Prompts (one per line)'), { target: { value: 'a lighthouse\na harbour' } })
    await waitFor(() => expect(screen.getByTestId('estimate')).toHaveTextContent('Cost: 2 images × Quality = 10 credits (you have 8)'))
    const fixes = screen.getByTestId('credit-fixes')
    expect(fixes).toHaveTextContent('Make 1 image instead: 5 credits.')
    // a member is told to ask; the cheaper tier is named by tier and credits, never by model
    await waitFor(() => expect(fixes).toHaveTextContent('Choose Basic images in Settings → Images (ask an owner or admin of your account): 2 × Basic = 2 credits.'))
    expect(fixes.textContent).not.toMatch(/acme|pix|vendor/i)
    fireEvent.click(screen.getByRole('button', { name: 'Keep the first 1' }))
    expect(screen.getByLabelText('Prompts (one per line)')).toHaveValue('a lighthouse')
    await waitFor(() => expect(screen.getByTestId('estimate')).toHaveTextContent('Cost: 1 image × Quality = 5 credits (you have 8)'))
    expect(screen.queryByTestId('credit-fixes')).toBeNull()
  })

  it('says an unavailable tier once: in the cost line before Start, in the alert at Start', async () => {
    const said = 'Premium images are unavailable right now. Choose another image quality, or try again later.'
    onPost = () => json({ error: { code: 'ai_unavailable', message: said } }, 503)
    renderPage()
    fireEvent.change(await screen.findByLabelText('What to do'), { target: { value: 'generate_images' } })
    fireEvent.change(screen.getByLabelText('Prompts (one per line)'), { target: { value: 'A lighthouse at dawn' } })
    await waitFor(() => expect(screen.getByTestId('estimate')).toHaveTextContent(said))
    expect(screen.queryByRole('alert')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Start job' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(said)
    expect(screen.getAllByText(said)).toHaveLength(1)
    expect(screen.getByTestId('estimate').textContent).toBe('')
    expect(screen.getByRole('alert').parentElement).toHaveFocus()
  })

  it('ties errors to their fields and puts focus on the first one', async () => {
    onPost = () => json({ error: { code: 'invalid', message: 'input: size: 512x512 is not offered for Quality images; choose one of: 1024x1024.',
      fields: { input: { size: ['512x512 is not offered for Quality images; choose one of: 1024x1024.'] } } } }, 400)
    renderPage()
    fireEvent.change(await screen.findByLabelText('What to do'), { target: { value: 'generate_images' } })
    fireEvent.click(screen.getByRole('button', { name: 'Start job' }))
    // required, checked before anything is sent
    const prompts = screen.getByLabelText('Prompts (one per line)')
    expect(prompts).toHaveAttribute('aria-invalid', 'true')
    expect(prompts).toHaveAccessibleDescription('Prompts (one per line) is required.')
    expect(prompts).toHaveFocus()
    expect(posts('/ai/jobs/')).toHaveLength(0)
    // the server's answer, on the field it names
    fireEvent.change(prompts, { target: { value: 'a lighthouse' } })
    expect(prompts).not.toHaveAttribute('aria-invalid')
    const size = screen.getByLabelText('Size (e.g. 1024x1024) (optional)')
    fireEvent.change(size, { target: { value: '512x512' } })
    // before Start the cost line says what the server refuses
    await waitFor(() => expect(screen.getByTestId('estimate')).toHaveTextContent('512x512 is not offered'))
    fireEvent.click(screen.getByRole('button', { name: 'Start job' }))
    await waitFor(() => expect(size).toHaveAttribute('aria-invalid', 'true'))
    expect(size).toHaveAccessibleDescription('Empty: the size your settings choose. 512x512 is not offered for Quality images; choose one of: 1024x1024.')
    expect(size).toHaveFocus()
    // said on the field, not again in the cost line or as an alert
    expect(screen.getByTestId('estimate')).not.toHaveTextContent('512x512')
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
