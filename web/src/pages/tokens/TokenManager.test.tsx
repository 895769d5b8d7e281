import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, json, renderPage, sent } from '../staff/fakeApi'
import { TokenManager } from './TokenManager'

const MODELS = [{ name: 'gpt-5.1', label: 'GPT-5.1 (gpt-5.1)' }, { name: 'dall-e-3', label: 'DALL-E 3 (dall-e-3)' }]
const token = (id: number, extra = {}) => ({
  id, name: `token ${id}`, last4: 'ab12', user: 3, username: 'member@example.com', account: 9, allowed_models: [],
  created_at: '2026-11-01T10:00:00Z', last_used_at: null, revoked_at: null, ...extra,
})
const page = (results: unknown[]) => ({ count: results.length, next: null, previous: null, results })

afterEach(() => vi.unstubAllGlobals())

describe('Token manager', () => {
  it('shows a new token once, and only its last four characters afterwards', async () => {
    let tokens = [token(1)]
    const fetchMock = fakeApi({
      'GET /api/v1/auth/tokens/': () => page(tokens),
      'POST /api/v1/auth/tokens/': (_url, init) => {
        const body = JSON.parse(String(init!.body))
        tokens = [token(2, { name: body.name, last4: 'Zz99', allowed_models: body.allowed_models }), ...tokens]
        return json({ ...tokens[0], token: 'mb_secretsecretZz99' }, 201)
      },
    })
    renderPage(<TokenManager scope={{ kind: 'mine' }} models={MODELS} />)
    await screen.findByTestId('token-1')
    const form = screen.getByRole('form', { name: 'New API token' })
    fireEvent.change(within(form).getByLabelText('Label'), { target: { value: 'CI' } })
    fireEvent.click(within(form).getByLabelText('GPT-5.1 (gpt-5.1)'))
    fireEvent.click(within(form).getByRole('button', { name: 'Create token' }))
    expect(await screen.findByTestId('new-token')).toHaveTextContent('mb_secretsecretZz99')
    expect(sent(fetchMock, 'POST', '/api/v1/auth/tokens/')).toEqual([{ name: 'CI', allowed_models: ['gpt-5.1'] }])
    const row = await screen.findByTestId('token-2')
    expect(row).toHaveTextContent('…Zz99')
    expect(row).toHaveTextContent('GPT-5.1 (gpt-5.1)')
    fireEvent.click(screen.getByRole('button', { name: 'Done' }))
    expect(document.body.textContent).not.toContain('mb_secretsecretZz99')
  })

  it('revokes only after a second, explicit click', async () => {
    let revoked: string | null = null
    const fetchMock = fakeApi({
      'GET /api/v1/auth/tokens/': () => page([token(1, { revoked_at: revoked })]),
      'POST /api/v1/auth/tokens/1/revoke/': () => { revoked = '2026-11-02T10:00:00Z'; return token(1, { revoked_at: revoked }) },
    })
    renderPage(<TokenManager scope={{ kind: 'mine' }} models={MODELS} />)
    const row = await screen.findByTestId('token-1')
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke' }))
    expect(sent(fetchMock, 'POST', '/api/v1/auth/tokens/1/revoke/')).toHaveLength(0)
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke for good' }))
    await waitFor(() => expect(screen.getByTestId('token-1')).toHaveTextContent('revoked 2026-11-02 10:00 UTC'))
    expect(within(screen.getByTestId('token-1')).queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument()
  })

  it('staff create a token for a member of the chosen account, and edit its models', async () => {
    const fetchMock = fakeApi({
      'GET /api/v1/admin/tokens/': (url) => { expect(url.searchParams.get('account')).toBe('9'); return page([token(1, { allowed_models: ['gone-model'] })]) },
      'POST /api/v1/admin/tokens/': () => json({ ...token(5), token: 'mb_x' }, 201),
      'PATCH /api/v1/admin/tokens/1/': (_url, init) => ({ ...token(1), ...JSON.parse(String(init!.body)) }),
    })
    renderPage(<TokenManager scope={{ kind: 'account', account: 9 }} models={MODELS} members={[{ user: 3, username: 'member@example.com' }]} />)
    const row = await screen.findByTestId('token-1')
    expect(row).toHaveTextContent('member@example.com')
    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }))
    const edit = screen.getByRole('form', { name: 'Edit token token 1' })
    fireEvent.click(within(edit).getByLabelText('gone-model'))  // a name the catalog no longer has can be removed
    fireEvent.click(within(edit).getByLabelText('DALL-E 3 (dall-e-3)'))
    fireEvent.click(within(edit).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(sent(fetchMock, 'PATCH', '/api/v1/admin/tokens/1/')).toEqual([
      { name: 'token 1', allowed_models: ['dall-e-3'] }]))
    const form = screen.getByRole('form', { name: 'New API token' })
    fireEvent.change(within(form).getByLabelText('Label'), { target: { value: 'batch' } })
    expect(within(form).getByRole('button', { name: 'Create token' })).toBeDisabled()
    fireEvent.change(within(form).getByLabelText('Member'), { target: { value: '3' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Create token' }))
    await screen.findByTestId('new-token')
    expect(sent(fetchMock, 'POST', '/api/v1/admin/tokens/')).toEqual([{ name: 'batch', allowed_models: [], user: 3, account: 9 }])
  })

  it("shows the server's refusal", async () => {
    fakeApi({
      'GET /api/v1/auth/tokens/': () => page([]),
      'POST /api/v1/auth/tokens/': () => json({ error: { code: 'invalid', message: 'allowed_models: name each model once.' } }, 400),
    })
    renderPage(<TokenManager scope={{ kind: 'mine' }} models={MODELS} />)
    expect(await screen.findByText('No API tokens yet.')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'x' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('allowed_models: name each model once.')
  })
})
