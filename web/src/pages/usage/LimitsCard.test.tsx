import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UsageLimit } from '../../api/billing'
import { LimitsCard } from './LimitsCard'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const NONE = { credits_per_day: null, credits_per_month: null, requests_per_minute: null, tokens_per_minute: null }
const UNUSED = { credits_used_today: 0, credits_used_this_month: 0, requests_this_minute: 0, tokens_this_minute: 0, window_resets_in: 30 }

function limit(fields: Partial<UsageLimit>): UsageLimit {
  return { id: 1, scope: 'account', user: null, api_token: null, api_token_name: null, ...NONE, ...UNUSED, ...fields }
}

let answer: () => Response

beforeEach(() => {
  // Only Date: the queries' own timers stay real.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-04-10T12:00:00Z'))
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    if (url.endsWith('/billing/limits/')) return answer()
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  }))
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

function renderCard() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(<QueryClientProvider client={client}><LimitsCard /></QueryClientProvider>)
}

/** Each row of the table as the cells' words, joined as a person reads them. */
async function rows() {
  const table = await screen.findByTestId('limits')
  return within(table).getAllByRole('row').slice(1).map((row) =>
    [...row.querySelectorAll('th, td')].map((cell) => cell.textContent).join(' | '))
}

describe('Limits', () => {
  it('says each limit in words, with whom it applies to and when it starts again', async () => {
    answer = () => json([
      limit({ id: 1, scope: 'account', credits_per_day: 1000, credits_used_today: 420, requests_per_minute: 60, requests_this_minute: 7 }),
      limit({ id: 2, scope: 'user', user: 2, credits_per_month: 30000, credits_used_this_month: 2500 }),
      limit({ id: 3, scope: 'token', api_token: 9, api_token_name: 'ci', tokens_per_minute: 20000, tokens_this_minute: 1234 }),
    ])
    renderCard()
    expect(await rows()).toEqual([
      'Daily credit budget: 1,000 credits | The whole account | 420 of 1,000 credits used | at 00:00 UTC',
      'Requests per minute: 60 | The whole account | 7 this minute | every minute',
      'Monthly credit budget: 30,000 credits | You | 2,500 of 30,000 credits used | on May 1 at 00:00 UTC',
      'Text tokens per minute: 20,000 | Your API token “ci” | 1,234 this minute | every minute',
    ])
    expect(screen.getByRole('heading', { level: 2, name: 'Limits' })).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Limits' })).toContainElement(screen.getByTestId('limits'))
    // the figures refresh while a job runs: announced politely, and the table scrolls on a phone
    const scroller = screen.getByTestId('limits').parentElement!
    expect(scroller).toHaveClass('table-scroll')
    expect(scroller).toHaveAttribute('aria-live', 'polite')
    expect(screen.queryByTestId('no-limits')).toBeNull()
  })

  it('marks a budget that is used up', async () => {
    answer = () => json([limit({ credits_per_day: 5, credits_used_today: 6 })])
    renderCard()
    expect(await rows()).toEqual(['Daily credit budget: 5 credits | The whole account | 6 of 5 credits used (used up) | at 00:00 UTC'])
  })

  it('says when no limits are set', async () => {
    answer = () => json([])
    renderCard()
    expect(await screen.findByTestId('no-limits')).toHaveTextContent('No budgets or rate limits are set')
    expect(screen.queryByTestId('limits')).toBeNull()
  })

  it('says so in plain words when the limits cannot be read', async () => {
    answer = () => json({ error: { code: 'no_account', message: 'Choose an account first.' } }, 400)
    renderCard()
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose an account first.')
  })
})
