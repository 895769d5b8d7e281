import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, json, renderPage, sent } from './fakeApi'
import { IntegrationsPage } from './IntegrationsPage'

const provider = (id: string, type = 'ai', extra = {}) => ({
  provider_id: id, display_name: id.toUpperCase(), provider_type: type, is_active: true, api_endpoint: '',
  api_key_hint: 'set, ends in K9Q2', api_secret_hint: 'not set', webhook_secret_hint: 'not set', ...extra,
})

afterEach(() => vi.unstubAllGlobals())

describe('Integrations page', () => {
  it('tests an AI provider connection and says what the provider answered', async () => {
    fakeApi({
      'GET /api/v1/system/providers/': () => [provider('openai'), provider('resend', 'email')],
      'POST /api/v1/system/providers/openai/test/': () => ({ provider: 'openai', ok: false, code: 'provider_authentication',
        message: "OpenAI rejected the API key (401). Check the key set for provider 'openai'.", latency_ms: 12 }),
    })
    renderPage(<IntegrationsPage />)
    const row = await screen.findByTestId('provider-openai')
    expect(within(screen.getByTestId('provider-resend')).queryByRole('button', { name: 'Test connection' })).not.toBeInTheDocument()
    fireEvent.click(within(row).getByRole('button', { name: 'Test connection' }))
    expect(await within(row).findByText(/^Failed: OpenAI rejected the API key/)).toBeInTheDocument()
  })

  it('changes the endpoint and active state, and shows a refusal', async () => {
    let fail = true
    const fetchMock = fakeApi({
      'GET /api/v1/system/providers/': () => [provider('openai')],
      'PATCH /api/v1/system/providers/openai/': (_url, init) => fail
        ? json({ error: { code: 'invalid', message: 'api_endpoint: must be an http(s) URL.', field: 'api_endpoint' } }, 400)
        : { ...provider('openai'), ...JSON.parse(String(init!.body)) },
    })
    renderPage(<IntegrationsPage />)
    const row = await screen.findByTestId('provider-openai')
    fireEvent.click(within(row).getByRole('button', { name: 'Edit settings' }))
    fireEvent.change(within(row).getByLabelText('Endpoint'), { target: { value: 'http://127.0.0.1:9/v1' } })
    fireEvent.click(within(row).getByLabelText('Active'))
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }))
    expect(await within(row).findByRole('alert')).toHaveTextContent('api_endpoint: must be an http(s) URL.')
    expect(within(row).getByLabelText('Endpoint')).toHaveAttribute('aria-invalid', 'true')
    fail = false
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }))
    expect(await within(row).findByText(/settings saved/)).toBeInTheDocument()
    expect(sent(fetchMock, 'PATCH', '/api/v1/system/providers/openai/')[1]).toEqual({ api_endpoint: 'http://127.0.0.1:9/v1', is_active: false })
  })
})
