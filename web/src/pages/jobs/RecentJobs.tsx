import { useState } from 'react'
import { useJobs } from '../../api/jobs'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { Pagination } from '../../components/Pagination'
import { formatCredits, formatDateTime, formatUsd } from '../../lib/format'
import { usePreferences } from '../../store/preferences'

/** The account's recent jobs with what each cost. */
export function RecentJobs({ limit }: { limit?: number }) {
  const recordsPerPage = usePreferences((s) => s.recordsPerPage)
  const pageSize = limit ?? recordsPerPage
  const [page, setPage] = useState(1)
  const jobs = useJobs(page, pageSize)
  if (jobs.isPending) return <Loading />
  if (jobs.isError) return <ErrorNote error={jobs.error} />
  if (jobs.data.count === 0) return <p className="muted">No jobs yet.</p>
  return (
    <>
      <table className="table" data-testid="recent-jobs">
        <thead><tr><th>Started</th><th>Function</th><th>Status</th><th>Credits</th><th>Provider cost</th></tr></thead>
        <tbody>
          {jobs.data.results.map((j) => (
            <tr key={j.id}>
              <td>{formatDateTime(j.created_at)}</td>
              <td>{j.function.replace(/_/g, ' ')}</td>
              <td>{j.status}</td>
              <td className="num">{formatCredits(j.credits_charged)}</td>
              <td className="num">{formatUsd(j.cost_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!limit && <Pagination page={page} pageSize={pageSize} count={jobs.data.count} onPage={setPage} />}
    </>
  )
}
