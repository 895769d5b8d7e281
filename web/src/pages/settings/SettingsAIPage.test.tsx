import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SettingsAIPage } from './SettingsAIPage'

const me = { id: 1, username: 'o', email: 'o@example.com', is_staff: false, account: { id: 1, name: 'A' }, role: 'owner' }
const textModels = [
  { id: 11, model_name: 'alpha-1', display_name: 'Alpha One', is_default: true, tokens_per_credit: 1000, max_output_tokens: 8192, supports_json_mode: true, available: true },
  { id: 12, model_name: 'beta-mini', display_name: 'Beta Mini', is_default: false, tokens_per_credit: 10000, max_output_tokens: 16000, supports_json_mode: true, available: true },
]
const integration = {
  integration_type: 'text_generation', kind: 'text',
  override: { model: null, config: { temperature: 0.3 } },
  effective: { model: { id: 11, model_name: 'alpha-1', display_name: 'Alpha One' }, temperature: 0.3, max_tokens: 8192, sources: {} },
}
const effective = {
  function: 'generate_content', model: { id: 11, model_name: 'alpha-1', display_name: 'Alpha One' },
  max_tokens: 8192, temperature: 0.3, image: { style: 's', quality: 'hd', size: '1024x1024', max_in_article_images: 2 },
  sources: { model: 'catalog', temperature: 'account', max_tokens: 'catalog' },
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

beforeEach(() => {
  document.cookie = 'csrftoken=t'
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (url.endsWith('/auth/me/')) return json(me)
    if (url.endsWith('/system/ai-models/')) return json({ text_models: textModels, image_models: [], image_settings: { style: 's', max_in_article_images: 2, quality: 'hd' } })
    if (url.includes('/settings/effective/')) return json(effective)
    if (init?.method === 'PUT') return json({ ...integration, ignored_fields: ['api_key'] })
    return json(integration)
  }))
})

afterEach(() => vi.unstubAllGlobals())

describe('Settings → AI', () => {
  it('shows where each value in use comes from', async () => {
    render(<QueryClientProvider client={new QueryClient()}><SettingsAIPage /></QueryClientProvider>)
    const table = await screen.findByTestId('effective')
    expect(table).toHaveTextContent("Temperature0.3your account's setting")
    expect(table).toHaveTextContent('Text modelAlpha Onethe catalog default')
  })

  it("saves the chosen model by its catalog id, and says which fields the server ignored", async () => {
    render(<QueryClientProvider client={new QueryClient()}><SettingsAIPage /></QueryClientProvider>)
    const select = await screen.findByLabelText('Text model')
    await waitFor(() => expect(select).toBeEnabled())
    fireEvent.change(select, { target: { value: 'beta-mini' } })
    fireEvent.change(screen.getByLabelText('Max tokens'), { target: { value: '4000' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Ignored: api_key')
    const put = vi.mocked(fetch).mock.calls.find(([, init]) => init?.method === 'PUT')!
    expect(JSON.parse(String(put[1]!.body))).toEqual({ model: 12, temperature: 0.3, max_tokens: 4000 })
  })
})
