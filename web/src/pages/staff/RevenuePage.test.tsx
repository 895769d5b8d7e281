import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { utcDate } from '../../lib/dates'
import { cents, RevenuePage } from './RevenuePage'
import { fakeApi, renderPage } from './fakeApi'

const figures = (revenue: string, cost: string, margin: string, pct: string | null, markup: string | null, count = 1) => ({
  usage_count: count, credits_used: count * 5, uncharged_credits: 0, revenue_usd: revenue, cost_usd: cost,
  margin_usd: margin, margin_pct: pct, markup_pct: markup,
})
const TOTALS = figures('0.30000000', '0.12000000', '0.18000000', '60.00', '150.00', 3)

function report(url: URL) {
  const by = url.searchParams.get('by')
  const base = { since: url.searchParams.get('since'), until: url.searchParams.get('until'), by: by!.split(','), totals: TOTALS }
  if (by === 'model') {
    return { ...base, rows: [
      { model: 'dall-e-3', ...figures('0.20000000', '0.08000000', '0.12000000', '60.00', '150.00', 2) },
      { model: 'cheap-model', ...figures('0.10000000', '0.14000000', '-0.04000000', '-40.00', '-28.57') },
    ] }
  }
  if (by === 'account') return { ...base, rows: [{ account: 7, account_name: 'Small Shop', ...TOTALS }] }
  return { ...base, rows: [
    { day: utcDate(1), model: 'dall-e-3', ...figures('0.10000000', '0.04000000', '0.06000000', '60.00', '150.00') },
    { day: utcDate(0), model: 'dall-e-3', ...figures('0.20000000', '0.08000000', '0.12000000', '60.00', '150.00') },
  ] }
}

function setup() {
  return fakeApi({
    'GET /api/v1/admin/analytics/revenue/': report,
    'GET /api/v1/admin/accounts/': () => ({ count: 1, next: null, previous: null, results: [
      { id: 7, name: 'Small Shop', is_active: true, balance: 10, reserved: 0, available: 10, members: [] },
    ] }),
  })
}

afterEach(() => vi.unstubAllGlobals())

describe('Revenue page', () => {
  it('shows the totals and each row as money, never as raw decimals', async () => {
    setup()
    renderPage(<RevenuePage />)
    const totals = await screen.findByTestId('revenue-totals')
    expect(totals).toHaveTextContent('Revenue$0.30')
    expect(totals).toHaveTextContent('Provider cost$0.12')
    expect(totals).toHaveTextContent('Margin$0.1860.0 % of revenue')
    expect(totals).toHaveTextContent('Markup150.0 %')
    const table = await screen.findByTestId('revenue-breakdown')
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('cheap-model15$0.10$0.14−$0.04-40.0 %-28.6 %')
    expect(within(table).getByRole('row', { name: /Total/ })).toHaveTextContent('Total315$0.30$0.12$0.18')
    expect(document.body.textContent).not.toMatch(/0\.\d{8}/)
  })

  it('breaks down by the chosen dimension, with the same choice in the CSV link', async () => {
    const fetchMock = setup()
    renderPage(<RevenuePage />)
    await screen.findByTestId('revenue-breakdown')
    fireEvent.change(screen.getByLabelText('Break down by'), { target: { value: 'account' } })
    expect(await screen.findByRole('cell', { name: 'Small Shop (#7)' })).toBeInTheDocument()
    const link = screen.getByRole('link', { name: 'Download CSV' })
    const href = new URL(link.getAttribute('href')!, 'http://test')
    expect(href.pathname).toBe('/api/v1/admin/analytics/revenue/export/')
    expect(href.searchParams.get('by')).toBe('account')
    expect(href.searchParams.get('since')).toBe(utcDate(29))
    const asked = fetchMock.mock.calls.map(([url]) => new URL(url, 'http://test').searchParams.get('by'))
    expect(asked).toContain('day,account')
  })

  it('offers the chart as a table too', async () => {
    setup()
    renderPage(<RevenuePage />)
    expect(await screen.findByRole('img', { name: 'Revenue per day, by model' })).toBeInTheDocument()
    const table = screen.getByTestId('revenue-chart-table')
    expect(within(table).getAllByRole('row')).toHaveLength(3)
    expect(table).toHaveTextContent(`${utcDate(0)}dall-e-3$0.20$0.12`)
  })

  it('filters by one account and moves the period with the presets', async () => {
    const fetchMock = setup()
    renderPage(<RevenuePage />)
    await screen.findByTestId('revenue-breakdown')
    await waitFor(() => expect(screen.getByRole('option', { name: 'Small Shop (#7)' })).toBeInTheDocument())
    fireEvent.change(screen.getByLabelText('Account'), { target: { value: '7' } })
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }))
    await waitFor(() => {
      const urls = fetchMock.mock.calls.map(([url]) => new URL(url, 'http://test'))
      expect(urls.some((u) => u.searchParams.get('account') === '7' && u.searchParams.get('since') === utcDate(6))).toBe(true)
    })
  })

  it('refuses a period that ends before it starts', async () => {
    setup()
    renderPage(<RevenuePage />)
    fireEvent.change(await screen.findByLabelText('From'), { target: { value: '2030-01-01' } })
    expect(await screen.findByRole('alert')).toHaveTextContent('must not end before it starts')
  })
})

describe('revenue helpers', () => {
  it('turns USD strings into whole cents that add up exactly', () => {
    expect(cents('0.10000000') + cents('0.20000000')).toBe(30)
    expect(cents('0.00400000')).toBe(0)
    expect(cents('12.34500000')).toBe(1235)
  })
})
