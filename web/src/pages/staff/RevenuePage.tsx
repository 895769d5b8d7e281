import { useId, useState } from 'react'
import {
  revenueCsvUrl, useRevenue, type Dimension, type RevenueFigures, type RevenueQuery, type RevenueRow, type StaffAccount,
} from '../../api/staff'
import { BarChart, type ChartPoint } from '../../components/BarChart'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { daysFrom, utcDate } from '../../lib/dates'
import { formatPercent, formatUsd } from '../../lib/format'
import { AccountPicker } from './AccountPicker'

const BREAKDOWNS: { value: Dimension; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'model', label: 'Model' },
  { value: 'operation', label: 'Operation' },
  { value: 'account', label: 'Account' },
  { value: 'provider', label: 'Provider' },
]
const PRESETS = [7, 30, 90]
/** At most a year of bars, so the chart stays readable. */
const CHART_DAYS = 366

/** Money in whole cents for the chart: integers add up exactly (0.1 + 0.2 would not). */
export function cents(usd: string): number {
  return Math.round(Number(usd) * 100)
}

function money(value: string | null | undefined): string {
  return formatUsd(value, 2)
}

/** What a row's breakdown value reads as. */
export function labelOf(row: RevenueRow, by: Dimension): string {
  switch (by) {
    case 'account': return row.account_name ? `${row.account_name} (#${row.account})` : `#${row.account}`
    case 'operation': return (row.operation ?? '').replace(/_/g, ' ')
    case 'day': return row.day ?? ''
    case 'model': return row.model ?? ''
    default: return row.provider ?? ''
  }
}

function Totals({ totals }: { totals: RevenueFigures }) {
  return (
    <div className="stats" data-testid="revenue-totals">
      <div className="stat"><span>Revenue</span><strong>{money(totals.revenue_usd)}</strong></div>
      <div className="stat"><span>Provider cost</span><strong>{money(totals.cost_usd)}</strong></div>
      <div className="stat"><span>Margin</span><strong className={Number(totals.margin_usd) < 0 ? 'neg' : ''}>{money(totals.margin_usd)}</strong>
        <span>{formatPercent(totals.margin_pct)} of revenue</span></div>
      <div className="stat"><span>Markup</span><strong>{formatPercent(totals.markup_pct)}</strong><span>on provider cost</span></div>
      <div className="stat"><span>Calls</span><strong>{totals.usage_count.toLocaleString('en-US')}</strong>
        <span>{totals.credits_used.toLocaleString('en-US')} credits</span></div>
    </div>
  )
}

function Figures({ row }: { row: RevenueFigures }) {
  return (
    <>
      <td className="num">{row.usage_count.toLocaleString('en-US')}</td>
      <td className="num">{row.credits_used.toLocaleString('en-US')}</td>
      <td className="num">{money(row.revenue_usd)}</td>
      <td className="num">{money(row.cost_usd)}</td>
      <td className={`num ${Number(row.margin_usd) < 0 ? 'neg' : ''}`}>{money(row.margin_usd)}</td>
      <td className="num">{formatPercent(row.margin_pct)}</td>
      <td className="num">{formatPercent(row.markup_pct)}</td>
    </>
  )
}

function Breakdown({ query }: { query: RevenueQuery }) {
  const report = useRevenue(query)
  if (report.isPending) return <Loading />
  if (report.isError) return <ErrorNote error={report.error} />
  // The answer's own dimension: while the next one loads, the previous answer stays on screen.
  const { rows, totals, by: [by] } = report.data
  if (rows.length === 0) return <p className="muted">No usage in this period.</p>
  const label = BREAKDOWNS.find((b) => b.value === by)?.label ?? by
  return (
    <div className="table-scroll">
      <table className="table" data-testid="revenue-breakdown" aria-label={`Revenue by ${label.toLowerCase()}`}>
        <thead>
          <tr>
            <th>{label}</th><th className="num">Calls</th><th className="num">Credits</th><th className="num">Revenue</th>
            <th className="num">Provider cost</th><th className="num">Margin</th><th className="num">Margin %</th><th className="num">Markup %</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => <tr key={labelOf(row, by)}><td>{labelOf(row, by)}</td><Figures row={row} /></tr>)}
        </tbody>
        <tfoot>
          <tr className="total"><th scope="row">Total</th><Figures row={totals} /></tr>
        </tfoot>
      </table>
    </div>
  )
}

/** Revenue per day, one colour per breakdown value, with the same figures as a table for screen readers and keyboards. */
function RevenueChart({ query }: { query: RevenueQuery }) {
  const [chosen] = query.by
  const perDay = useRevenue({ ...query, by: chosen === 'day' ? ['day'] : ['day', chosen] })
  if (perDay.isPending) return <Loading />
  if (perDay.isError) return <ErrorNote error={perDay.error} />
  const by = perDay.data.by.find((d) => d !== 'day') ?? 'day'
  const points: ChartPoint[] = perDay.data.rows
    .map((row) => ({ x: row.day ?? '', series: by === 'day' ? 'Revenue' : labelOf(row, by), value: cents(row.revenue_usd) }))
    .filter((p) => p.value > 0)
  const title = by === 'day' ? 'Revenue per day' : `Revenue per day, by ${by}`
  return (
    <>
      <BarChart points={points} categories={daysFrom(query.since, query.until, CHART_DAYS)} title={title}
        format={(v) => formatUsd(v / 100, 2)} />
      {points.length > 0 && (
        <details className="chart-table">
          <summary>The chart as a table</summary>
          <table className="table" data-testid="revenue-chart-table">
            <thead><tr><th>Day</th>{by !== 'day' && <th>{by}</th>}<th className="num">Revenue</th><th className="num">Margin</th></tr></thead>
            <tbody>
              {perDay.data.rows.map((row) => (
                <tr key={`${row.day}-${labelOf(row, by)}`}>
                  <td>{row.day}</td>{by !== 'day' && <td>{labelOf(row, by)}</td>}
                  <td className="num">{money(row.revenue_usd)}</td><td className="num">{money(row.margin_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  )
}

export function RevenuePage() {
  const [since, setSince] = useState(() => utcDate(29))
  const [until, setUntil] = useState(() => utcDate(0))
  const [by, setBy] = useState<Dimension>('model')
  const [account, setAccount] = useState<StaffAccount | null>(null)
  const id = useId()
  const query: RevenueQuery = { since, until, by: [by], account: account?.id ?? null }
  const totals = useRevenue(query)
  const ordered = since <= until
  return (
    <section>
      <h1>Revenue</h1>
      <p className="muted">What customers paid, what providers charged, and the margin in between, for any period (UTC days).</p>
      <form className="inline-form filters" aria-label="Report period" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={`${id}-since`}>From</label>
        <input id={`${id}-since`} type="date" value={since} max={until} required onChange={(e) => e.target.value && setSince(e.target.value)} />
        <label htmlFor={`${id}-until`}>to</label>
        <input id={`${id}-until`} type="date" value={until} min={since} required onChange={(e) => e.target.value && setUntil(e.target.value)} />
        {PRESETS.map((days) => (
          <button key={days} type="button" className="link" onClick={() => { setSince(utcDate(days - 1)); setUntil(utcDate(0)) }}>
            Last {days} days
          </button>
        ))}
        <label htmlFor={`${id}-by`}>Break down by</label>
        <select id={`${id}-by`} value={by} onChange={(e) => setBy(e.target.value as Dimension)}>
          {BREAKDOWNS.map((b) => <option key={b.value} value={b.value}>{b.label}</option>)}
        </select>
      </form>
      <AccountPicker value={account} onChange={setAccount} allowAll />
      {!ordered ? <p className="error" role="alert">The period must not end before it starts.</p> : (
        <>
          {totals.isPending ? <Loading /> : totals.isError ? <ErrorNote error={totals.error} /> : <Totals totals={totals.data.totals} />}
          <p><a href={revenueCsvUrl(query)} download>Download CSV</a> <span className="muted">(by {by}, exact figures)</span></p>
          <h2>Per day</h2>
          <RevenueChart query={query} />
          <h2>By {BREAKDOWNS.find((b) => b.value === by)?.label.toLowerCase()}</h2>
          <Breakdown query={query} />
        </>
      )}
    </section>
  )
}
