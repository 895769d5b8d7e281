import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CreditsPage } from './CreditsPage'
import { fakeApi, json, renderPage, sent } from './fakeApi'

const SHOP = { id: 7, name: 'Small Shop', is_active: true, balance: 40, reserved: 10, available: 30,
  members: [{ user: 3, username: 'member@example.com', email: 'member@example.com', role: 'owner' }] }

afterEach(() => vi.unstubAllGlobals())

describe('Credits page', () => {
  it('grants credits, retrying a failed attempt with the same idempotency key', async () => {
    let attempts = 0
    const fetchMock = fakeApi({
      'GET /api/v1/admin/accounts/': () => ({ count: 1, next: null, previous: null, results: [SHOP] }),
      'POST /api/v1/admin/credits/grant/': () => {
        attempts += 1
        if (attempts === 1) return json({ error: { code: 'server_error', message: 'Something went wrong on our side.' } }, 500)
        return json({ id: 1, account: 7, transaction_type: 'grant', amount: 100, balance_after: 140, description: 'Welcome', created_at: '2026-11-01T00:00:00Z' }, 201)
      },
    })
    renderPage(<CreditsPage />)
    const row = await screen.findByTestId('account-7')
    expect(row).toHaveTextContent('member@example.com (owner)')
    fireEvent.click(within(row).getByRole('button', { name: 'Grant or adjust' }))
    const form = screen.getByRole('form', { name: 'Change the credits of Small Shop' })
    fireEvent.change(within(form).getByLabelText('Credits'), { target: { value: '100' } })
    fireEvent.change(within(form).getByLabelText('Reason (optional)'), { target: { value: 'Welcome' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Grant' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('Something went wrong on our side.')
    fireEvent.click(within(form).getByRole('button', { name: 'Grant' }))
    expect(await within(form).findByRole('status')).toHaveTextContent('Added 100 credits: the balance is now 140 credits.')
    const [first, second] = sent(fetchMock, 'POST', '/api/v1/admin/credits/grant/') as { idempotency_key: string }[]
    expect(second).toEqual({ ...first })
    expect(first).toMatchObject({ account: 7, credits: 100, reason: 'Welcome' })
    expect(first.idempotency_key).toMatch(/^staff-ui-[0-9a-f]{32}$/)
  })

  it('adjusts down only with a reason', async () => {
    const fetchMock = fakeApi({
      'GET /api/v1/admin/accounts/': () => ({ count: 1, next: null, previous: null, results: [SHOP] }),
      'POST /api/v1/admin/credits/adjust/': () => json({ id: 2, account: 7, transaction_type: 'adjustment', amount: -5, balance_after: 35, description: 'x', created_at: '2026-11-01T00:00:00Z' }, 201),
    })
    renderPage(<CreditsPage />)
    fireEvent.click(within(await screen.findByTestId('account-7')).getByRole('button', { name: 'Grant or adjust' }))
    fireEvent.click(screen.getByLabelText(/Adjust/))
    fireEvent.change(screen.getByLabelText('Credits'), { target: { value: '-5' } })
    const button = screen.getByRole('button', { name: 'Adjust' })
    expect(button).toBeDisabled()
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'Double charge' } })
    fireEvent.click(button)
    expect(await screen.findByRole('status')).toHaveTextContent('Removed 5 credits: the balance is now 35 credits.')
    await waitFor(() => expect(sent(fetchMock, 'POST', '/api/v1/admin/credits/adjust/')[0]).toMatchObject({ credits: -5, reason: 'Double charge' }))
  })
})
