import { useId } from 'react'
import { useLimits, type UsageLimit } from '../../api/billing'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { dayInWords, nextMonthStart } from '../../lib/dates'
import { formatCredits as credits } from '../../lib/format'

/** One budget or rate limit as a customer reads it. */
export interface LimitLine {
  key: string
  limit: string
  appliesTo: string
  used: string
  usedUp: boolean
  resets: string
}

const count = (n: number) => n.toLocaleString('en-US')

/** Whose limit it is: the whole account, the person reading, or one of their API tokens by name. */
export function appliesTo(row: UsageLimit): string {
  if (row.scope === 'account') return 'The whole account'
  if (row.scope === 'user') return 'You'
  return row.api_token_name ? `Your API token “${row.api_token_name}”` : 'One of your API tokens'
}

/** Each limit set on a scope (null means none), in the order budgets, then rates. */
export function limitLines(row: UsageLimit, now = Date.now()): LimitLine[] {
  const lines: LimitLine[] = []
  const add = (kind: string, limit: string, max: number, used: number, usedWords: string, resets: string) =>
    lines.push({ key: `${row.id}-${kind}`, limit, appliesTo: appliesTo(row), used: usedWords, usedUp: used >= max, resets })
  if (row.credits_per_day !== null) {
    const max = row.credits_per_day
    add('day', `Daily credit budget: ${credits(max)}`, max, row.credits_used_today,
      `${count(row.credits_used_today)} of ${credits(max)} used`, 'at 00:00 UTC')
  }
  if (row.credits_per_month !== null) {
    const max = row.credits_per_month
    add('month', `Monthly credit budget: ${credits(max)}`, max, row.credits_used_this_month,
      `${count(row.credits_used_this_month)} of ${credits(max)} used`, `on ${dayInWords(nextMonthStart(now), now)} at 00:00 UTC`)
  }
  if (row.requests_per_minute !== null) {
    add('requests', `Requests per minute: ${count(row.requests_per_minute)}`, row.requests_per_minute,
      row.requests_this_minute, `${count(row.requests_this_minute)} this minute`, 'every minute')
  }
  if (row.tokens_per_minute !== null) {
    add('tokens', `Text tokens per minute: ${count(row.tokens_per_minute)}`, row.tokens_per_minute,
      row.tokens_this_minute, `${count(row.tokens_this_minute)} this minute`, 'every minute')
  }
  return lines
}

function LimitsTable({ lines }: { lines: LimitLine[] }) {
  return (
    <div className="table-scroll" aria-live="polite">
      <table className="table" data-testid="limits">
        <caption className="visually-hidden">Budgets and rate limits, with what is used of each</caption>
        <thead><tr><th scope="col">Limit</th><th scope="col">Applies to</th><th scope="col">Used</th><th scope="col">Resets</th></tr></thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key}>
              <th scope="row">{line.limit}</th>
              <td>{line.appliesTo}</td>
              <td className={line.usedUp ? 'neg' : undefined}>{line.used}{line.usedUp ? ' (used up)' : ''}</td>
              <td>{line.resets}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The budgets and rate limits that bound what the member can spend or send, refreshed with the
 *  balance while a job runs. Limits are the platform team's to set; members only read them. */
export function LimitsCard({ live = false }: { live?: boolean }) {
  const headingId = useId()
  const limits = useLimits(live)
  const lines = (limits.data ?? []).flatMap((row) => limitLines(row))
  return (
    <section className="card limits" aria-labelledby={headingId}>
      <h2 id={headingId}>Limits</h2>
      {limits.isPending ? <Loading /> : limits.isError ? <ErrorNote error={limits.error} /> : lines.length === 0 ? (
        <p className="muted" data-testid="no-limits">No budgets or rate limits are set: you can use credits up to the account's balance.</p>
      ) : (
        <>
          <LimitsTable lines={lines} />
          <p className="muted">
            Budgets count credits charged plus credits held for running jobs, by UTC day and month. The platform team sets these limits.
          </p>
        </>
      )}
    </section>
  )
}
