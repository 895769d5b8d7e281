import { useState } from 'react'
import { downloadExport, useBalance, useTransactions, useUsageSummary, type DateRange, type Export } from '../../api/billing'
import { useJobs, isFinished } from '../../api/jobs'
import { BarChart } from '../../components/BarChart'
import { DateRangeFields } from '../../components/DateRangeFields'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { Pagination } from '../../components/Pagination'
import { daysFrom, utcDate } from '../../lib/dates'
import { formatCredits, formatDateTime } from '../../lib/format'
import { usePreferences } from '../../store/preferences'
import { RecentJobs } from '../jobs/RecentJobs'
import { LimitsCard } from './LimitsCard'

const RECENT = 5

/** While a job runs its hold moves the balance and what budgets have used: true until every recent job has finished. */
function useJobRunning(): boolean {
  const recent = useJobs(1, RECENT)
  return (recent.data?.results ?? []).some((j) => !isFinished(j.status))
}

function BalanceCards({ live }: { live: boolean }) {
  const balance = useBalance(live)
  if (balance.isPending) return <Loading />
  if (balance.isError) return <ErrorNote error={balance.error} />
  return (
    <div className="stats" data-testid="balance" aria-live="polite">
      <div className="stat"><span>Available</span><strong>{formatCredits(balance.data.available)}</strong></div>
      <div className="stat"><span>Held for running jobs</span><strong>{formatCredits(balance.data.reserved)}</strong></div>
      <div className="stat"><span>Balance</span><strong>{formatCredits(balance.data.balance)}</strong></div>
    </div>
  )
}

/** "content_generation" → "content generation": what was done, never which model did it. */
const operationWords = (operation: string | undefined) => (operation ?? 'other').replace(/_/g, ' ')

function UsageChart({ range }: { range: DateRange }) {
  const summary = useUsageSummary(range)
  if (summary.isPending) return <Loading />
  if (summary.isError) return <ErrorNote error={summary.error} />
  const points = summary.data.map((r) => ({ x: String(r.day), series: operationWords(r.operation), value: r.credits }))
  return (
    <>
      <BarChart points={points} categories={daysFrom(range.since, range.until)}
        title={`Credits used per day, by what was done (${range.since} to ${range.until})`} unit=" credits" />
      {points.length > 0 && (
        <details className="chart-table">
          <summary>The chart as a table</summary>
          <div className="table-scroll">
            <table className="table" data-testid="usage-chart-table">
              <caption className="visually-hidden">Credits used per day and operation</caption>
              <thead><tr><th>Day</th><th>What</th><th className="num">Credits</th><th className="num">Calls</th></tr></thead>
              <tbody>
                {summary.data.map((r) => (
                  <tr key={`${r.day}-${r.operation}`}>
                    <td>{r.day}</td><td>{operationWords(r.operation)}</td>
                    <td className="num">{r.credits.toLocaleString('en-US')}</td><td className="num">{r.count.toLocaleString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </>
  )
}

/** A charge reads as what was done; grants and adjustments keep the words they were given. */
function what(t: { transaction_type: string; description?: string; operation_type?: string | null }): string {
  if (t.transaction_type === 'deduction') return operationWords(t.operation_type ?? undefined)
  return t.description || operationWords(t.operation_type ?? t.transaction_type)
}

function Transactions({ range }: { range: DateRange }) {
  const pageSize = usePreferences((s) => s.recordsPerPage)
  const [page, setPage] = useState(1)
  const tx = useTransactions(page, pageSize, range)
  if (tx.isPending) return <Loading />
  if (tx.isError) return <ErrorNote error={tx.error} />
  if (tx.data.count === 0) return <p className="muted">No transactions in this period.</p>
  return (
    <>
      <div className="table-scroll">
        <table className="table" data-testid="transactions">
          <thead><tr><th>When</th><th>Type</th><th>What</th><th className="num">Credits</th><th className="num">Balance after</th></tr></thead>
          <tbody>
            {tx.data.results.map((t) => (
              <tr key={t.id}>
                <td>{formatDateTime(t.created_at)}</td>
                <td>{t.transaction_type}</td>
                <td>{what(t)}</td>
                <td className={`num ${t.amount < 0 ? 'neg' : 'pos'}`}>{t.amount > 0 ? `+${t.amount}` : t.amount}</td>
                <td className="num">{t.balance_after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} count={tx.data.count} onPage={setPage} />
    </>
  )
}

function Downloads({ range }: { range: DateRange }) {
  const [busy, setBusy] = useState<Export | null>(null)
  const [error, setError] = useState<unknown>(null)
  const get = async (kind: Export) => {
    setBusy(kind)
    setError(null)
    try {
      await downloadExport(kind, range)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className="toolbar" aria-label="Downloads">
      <button type="button" className="secondary" onClick={() => get('transactions')} disabled={busy !== null}>
        {busy === 'transactions' ? 'Preparing…' : 'Transactions (CSV)'}
      </button>
      <button type="button" className="secondary" onClick={() => get('usage')} disabled={busy !== null}>
        {busy === 'usage' ? 'Preparing…' : 'Usage (CSV)'}
      </button>
      <ErrorNote error={error} />
    </div>
  )
}

export function UsagePage() {
  const [range, setRange] = useState<DateRange>(() => ({ since: utcDate(29), until: utcDate(0) }))
  const live = useJobRunning()
  return (
    <section>
      <h1>Usage &amp; credits</h1>
      <BalanceCards live={live} />
      <LimitsCard live={live} />
      <h2>Recent jobs</h2>
      <RecentJobs limit={RECENT} />
      <h2>Period</h2>
      <DateRangeFields value={range} onChange={setRange} label="Show usage and transactions for (UTC days)" />
      <Downloads range={range} />
      <h2>Credits per day</h2>
      <UsageChart range={range} />
      <h2>Transactions</h2>
      {/* A new period starts at page 1. */}
      <Transactions key={`${range.since}-${range.until}`} range={range} />
    </section>
  )
}
