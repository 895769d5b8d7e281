import { useId, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useMe } from '../../api/auth'
import { useFunctions, useJobs, type JobFilters } from '../../api/jobs'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { Pagination } from '../../components/Pagination'
import { isDay } from '../../lib/dates'
import { formatCredits, formatDateTime, formatUsd } from '../../lib/format'
import { usePreferences } from '../../store/preferences'
import { functionWords } from './JobResult'

const STATUSES = ['queued', 'running', 'succeeded', 'failed']

/** The history's filters live in the address (?function=&status=&since=&until=), so a filtered
 *  list can be bookmarked, shared and gone back to. */
function useFilterParams(): [JobFilters, (change: JobFilters | null) => void] {
  const [params, setParams] = useSearchParams()
  const filters: JobFilters = {
    function: params.get('function') ?? undefined,
    status: STATUSES.includes(params.get('status') ?? '') ? params.get('status')! : undefined,
    since: isDay(params.get('since')) ? params.get('since')! : undefined,
    until: isDay(params.get('until')) ? params.get('until')! : undefined,
  }
  // A change applies to the address as it is now, not as it was at the last render: navigations
  // render in a transition, so a second quick change would otherwise undo the first.
  const set = (change: JobFilters | null) => {
    const out = new URLSearchParams(change === null ? '' : window.location.search)
    for (const [name, value] of Object.entries(change ?? {})) {
      if (value) out.set(name, value)
      else out.delete(name)
    }
    setParams(out, { replace: true })
  }
  return [filters, set]
}

function Filters({ value, onChange }: { value: JobFilters; onChange: (change: JobFilters | null) => void }) {
  const functions = useFunctions()
  const id = useId()
  const set = (name: keyof JobFilters) => (e: { target: { value: string } }) => onChange({ [name]: e.target.value })
  const any = Object.values(value).some(Boolean)
  return (
    <form className="filters" aria-label="Filter jobs" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={`${id}-fn`}>Function</label>
      <select id={`${id}-fn`} name="function" value={value.function ?? ''} onChange={set('function')}>
        <option value="">All</option>
        {(functions.data ?? []).map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
      </select>
      <label htmlFor={`${id}-status`}>Status</label>
      <select id={`${id}-status`} name="status" value={value.status ?? ''} onChange={set('status')}>
        <option value="">All</option>
        {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
      <label htmlFor={`${id}-since`}>From</label>
      <input id={`${id}-since`} name="since" type="date" value={value.since ?? ''} max={value.until} onChange={set('since')} />
      <label htmlFor={`${id}-until`}>to</label>
      <input id={`${id}-until`} name="until" type="date" value={value.until ?? ''} min={value.since} onChange={set('until')} />
      {any && <button type="button" className="secondary" onClick={() => onChange(null)}>Clear filters</button>}
    </form>
  )
}

function JobTable({ filters, pageSize, paged }: { filters: JobFilters; pageSize: number; paged: boolean }) {
  const staff = useMe().data?.is_staff ?? false
  const [page, setPage] = useState(1)
  const jobs = useJobs(page, pageSize, filters)
  if (jobs.isPending) return <Loading />
  if (jobs.isError) return <ErrorNote error={jobs.error} />
  if (jobs.data.count === 0) {
    return <p className="muted">{Object.values(filters).some(Boolean) ? 'No jobs match these filters.' : 'No jobs yet.'}</p>
  }
  return (
    <>
      <div className="table-scroll">
        <table className="table" data-testid="recent-jobs">
          <caption className="visually-hidden">Jobs, newest first: open one to see its result</caption>
          <thead>
            <tr><th>Started</th><th>Function</th><th>Status</th><th className="num">Credits</th>{staff && <th className="num">Provider cost</th>}</tr>
          </thead>
          <tbody>
            {jobs.data.results.map((j) => (
              <tr key={j.id} className="clickable">
                <td><Link to={`/jobs/${j.id}`} aria-label={`${functionWords(j.function)}, ${formatDateTime(j.created_at)}, ${j.status}`}>{formatDateTime(j.created_at)}</Link></td>
                <td>{functionWords(j.function)}</td>
                <td><span className={`status status-${j.status}`}>{j.status}</span></td>
                <td className="num">{formatCredits(j.credits_charged)}</td>
                {staff && <td className="num">{formatUsd(j.cost_usd)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {paged && <Pagination page={page} pageSize={pageSize} count={jobs.data.count} onPage={setPage} />}
    </>
  )
}

/** The account's recent jobs, each opening its own page; refreshed while any is running. */
export function RecentJobs({ limit }: { limit: number }) {
  return <JobTable filters={{}} pageSize={limit} paged={false} />
}

/** The whole history, paged, with filters by function, status and days. */
export function JobHistory() {
  const recordsPerPage = usePreferences((s) => s.recordsPerPage)
  const [filters, setFilters] = useFilterParams()
  return (
    <>
      <Filters value={filters} onChange={setFilters} />
      {/* A new filter starts at page 1: the key gives the table a fresh page state. */}
      <JobTable key={JSON.stringify(filters)} filters={filters} pageSize={recordsPerPage} paged />
    </>
  )
}
