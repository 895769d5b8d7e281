import { Link, useParams } from 'react-router'
import { useFunctions, useJob, type Job } from '../../api/jobs'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { formatDateTime } from '../../lib/format'
import { JobResult, functionWords } from './JobResult'

function inputValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ')
  if (value === null || value === undefined) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** What the job was asked, with the form's labels. */
function JobInput({ job, labels }: { job: Job; labels: Record<string, string> }) {
  const entries = Object.entries((job.input ?? {}) as Record<string, unknown>).filter(([, v]) => inputValue(v) !== '')
  if (!entries.length) return null
  return (
    <details className="card" open={job.status !== 'succeeded'}>
      <summary>What was asked</summary>
      <dl className="input-list">
        {entries.map(([name, value]) => (
          <div key={name}><dt>{labels[name] ?? name.replace(/_/g, ' ')}</dt><dd>{inputValue(value)}</dd></div>
        ))}
      </dl>
    </details>
  )
}

/** One job of the account, at /app/jobs/<id>: status as it runs, then its result to read, copy or download. */
export function JobDetailPage() {
  const { jobId } = useParams()
  const job = useJob(jobId)
  const functions = useFunctions()
  if (job.isPending) return <Loading what="Loading the job" />
  if (job.isError) {
    return (
      <section>
        <h1>Job</h1>
        <ErrorNote error={job.error} />
        <p><Link to="/jobs">Back to the jobs</Link></p>
      </section>
    )
  }
  const spec = functions.data?.find((f) => f.name === job.data.function)
  const title = spec?.label ?? functionWords(job.data.function)
  const labels = Object.fromEntries((spec?.fields ?? []).map((f) => [f.name, f.label]))
  return (
    <section>
      <p className="breadcrumbs"><Link to="/jobs">← All jobs</Link></p>
      <h1>{title}</h1>
      <p className="muted">
        Started {formatDateTime(job.data.created_at)}
        {job.data.finished_at && ` · finished ${formatDateTime(job.data.finished_at)}`}
      </p>
      <JobResult job={job.data} title={title} />
      <JobInput job={job.data} labels={labels} />
    </section>
  )
}
