import { useState } from 'react'
import { useBalance, useTransactions, useUsageSummary } from '../../api/billing'
import { BarChart } from '../../components/BarChart'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { Pagination } from '../../components/Pagination'
import { formatCredits, formatDateTime } from '../../lib/format'
import { usePreferences } from '../../store/preferences'
import { RecentJobs } from '../jobs/RecentJobs'

function BalanceCards() {
  const balance = useBalance()
  if (balance.isPending) return <Loading />
  if (balance.isError) return <ErrorNote error={balance.error} />
  return (
    <div className="stats" data-testid="balance">
      <div className="stat"><span>Available</span><strong>{formatCredits(balance.data.available)}</strong></div>
      <div className="stat"><span>Held for running jobs</span><strong>{formatCredits(balance.data.reserved)}</strong></div>
      <div className="stat"><span>Balance</span><strong>{formatCredits(balance.data.balance)}</strong></div>
    </div>
  )
}

const DAYS = 30

function lastDays(n: number): string[] {
  const today = Date.now()
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10))
}

function UsageChart() {
  const summary = useUsageSummary(DAYS)
  if (summary.isPending) return <Loading />
  if (summary.isError) return <ErrorNote error={summary.error} />
  const points = summary.data.map((r) => ({ x: String(r.day), series: r.model, value: r.credits }))
  return <BarChart points={points} categories={lastDays(DAYS)} title={`Credits used per day, by model (last ${DAYS} days)`} unit=" credits" />
}

function Transactions() {
  const pageSize = usePreferences((s) => s.recordsPerPage)
  const [page, setPage] = useState(1)
  const tx = useTransactions(page, pageSize)
  if (tx.isPending) return <Loading />
  if (tx.isError) return <ErrorNote error={tx.error} />
  if (tx.data.count === 0) return <p className="muted">No transactions yet.</p>
  return (
    <>
      <table className="table" data-testid="transactions">
        <thead><tr><th>When</th><th>Type</th><th>What</th><th className="num">Credits</th><th className="num">Balance after</th></tr></thead>
        <tbody>
          {tx.data.results.map((t) => (
            <tr key={t.id}>
              <td>{formatDateTime(t.created_at)}</td>
              <td>{t.transaction_type}</td>
              <td>{t.description || (t.operation_type ?? '').replace(/_/g, ' ')}</td>
              <td className={`num ${t.amount < 0 ? 'neg' : 'pos'}`}>{t.amount > 0 ? `+${t.amount}` : t.amount}</td>
              <td className="num">{t.balance_after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} pageSize={pageSize} count={tx.data.count} onPage={setPage} />
    </>
  )
}

export function UsagePage() {
  return (
    <section>
      <h1>Usage &amp; credits</h1>
      <BalanceCards />
      <h2>Credits per day</h2>
      <UsageChart />
      <h2>Recent jobs</h2>
      <RecentJobs limit={5} />
      <h2>Transactions</h2>
      <Transactions />
    </section>
  )
}
