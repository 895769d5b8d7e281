import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { utcDate } from '../../lib/dates'
import { UsagePage } from './UsagePage'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const today = utcDate(0)
const tx = [
  { id: 2, transaction_type: 'deduction', amount: -5, balance_after: 23, operation_type: 'image_generation',
    description: '1 image(s) with dall-e-3', metadata: {}, payment: null, created_at: `${today}T09:00:00Z` },
  { id: 1, transaction_type: 'grant', amount: 28, balance_after: 28, operation_type: '', description: 'Trial credits',
    metadata: {}, payment: null, created_at: `${today}T08:00:00Z` },
]

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    if (url.endsWith('/auth/me/')) return json({ id: 2, username: 'm@example.com', email: 'm@example.com', is_staff: false, account: { id: 1, name: 'A' }, role: 'member', accounts: [] })
    if (url.includes('/billing/balance/')) return json({ balance: 23, reserved: 0, available: 23 })
    if (url.includes('/billing/limits/')) return json([])
    if (url.includes('/billing/usage/summary/')) return json([{ day: today, operation: 'image_generation', credits: 5, count: 1, uncharged_credits: 0 }])
    if (url.includes('/billing/transactions/export/')) {
      return new Response('id,created_at\n', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="transactions-x.csv"' } })
    }
    if (url.includes('/billing/transactions/')) return json({ count: 2, next: null, previous: null, results: tx })
    if (url.includes('/ai/jobs/')) return json({ count: 0, next: null, previous: null, results: [] })
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  }))
})

afterEach(() => vi.unstubAllGlobals())

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(<QueryClientProvider client={client}><MemoryRouter><UsagePage /></MemoryRouter></QueryClientProvider>)
}

const urls = () => vi.mocked(fetch).mock.calls.map(([url]) => String(url))

describe('Usage & credits', () => {
  it('charts credits by what was done, with the chart as a table, and names charges without the model', async () => {
    renderPage()
    const table = await screen.findByTestId('usage-chart-table')
    expect(within(table).getByText('image generation')).toBeInTheDocument()
    const rows = await screen.findByTestId('transactions')
    expect(rows).toHaveTextContent('image generation')
    expect(rows).toHaveTextContent('Trial credits')
    expect(document.body.textContent).not.toContain('dall-e-3')
    expect(urls().some((u) => u.includes('usage/summary/?by=operation&since='))).toBe(true)
    // the limits card sits beside the balance, with its empty state here
    expect(await screen.findByTestId('no-limits')).toBeInTheDocument()
  })

  it('reads the period for the chart and the transactions, and downloads it as CSV', async () => {
    renderPage()
    await screen.findByTestId('transactions')
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }))
    await waitFor(() => expect(urls().some((u) => u.includes(`transactions/?page=1&page_size=25&since=${utcDate(6)}&until=${today}`))).toBe(true))
    expect(screen.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true')
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    fireEvent.click(screen.getByRole('button', { name: 'Transactions (CSV)' }))
    await waitFor(() => expect(click).toHaveBeenCalled())
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('transactions-x.csv')
    expect(urls()).toContain(`/api/v1/billing/transactions/export/?since=${utcDate(6)}&until=${today}`)
  })
})
