import { Link } from 'react-router'
import { useMe } from '../../api/auth'
import type { Job, JobImage } from '../../api/jobs'
import { isFinished } from '../../api/jobs'
import { ProgressBar } from '../../components/ProgressBar'
import { insufficientCreditsMessage } from '../../lib/errors'
import { formatCredits, formatUsd } from '../../lib/format'
import { Article } from './Article'
import { ImageGallery } from './ImageGallery'

// A failed job's error is the API's error body ({code, message, ...details}), kept as JSON on the job.
type JobError = { code?: string; message?: string; [detail: string]: unknown }

export function jobErrorText(error: Job['error']): string {
  if (!error || typeof error !== 'object') return 'The job failed.'
  const body = error as JobError
  return insufficientCreditsMessage(body) ?? body.message ?? 'The job failed.'
}

const STATUS_WORDS: Record<string, string> = { queued: 'Queued', running: 'Running', succeeded: 'Done', failed: 'Failed' }

/** What a screen reader hears when the job moves on (a polite live region). */
export function statusSentence(job: Job): string {
  const words = STATUS_WORDS[job.status] ?? job.status
  if (job.status === 'failed') return `${words}: ${jobErrorText(job.error)}`
  if (job.status === 'succeeded') return `${words}.`
  return job.step ? `${words}: ${job.step}` : `${words}.`
}

export function functionWords(name: string): string {
  return name.replace(/_/g, ' ')
}

function ResultBody({ job, result }: { job: Job; result: Record<string, unknown> }) {
  if (typeof result.content === 'string') return <Article markdown={result.content} />
  if (Array.isArray(result.images)) {
    return <ImageGallery images={result.images as JobImage[]} baseName={`job-${job.id.slice(0, 8)}`} />
  }
  if (Array.isArray(result.prompts)) {
    return <ol>{(result.prompts as string[]).map((p, i) => <li key={i}>{p}</li>)}</ol>
  }
  if (Array.isArray(result.clusters)) {
    return (
      <>
        <ul>
          {(result.clusters as { name?: string; keywords?: string[] }[]).map((c, i) => (
            <li key={i}><strong>{c.name}</strong>: {(c.keywords ?? []).join(', ')}</li>
          ))}
        </ul>
        {Array.isArray(result.unclustered) && result.unclustered.length > 0 && (
          <p className="muted">Not in any cluster: {(result.unclustered as string[]).join(', ')}</p>
        )}
      </>
    )
  }
  return <p className="muted">This job's result has no view here yet.</p>
}

/** A job as it runs and when it has finished. Members see credits only; staff also see the
 *  provider's cost. `title` names the function; `link` offers the job's own page. */
export function JobResult({ job, title, link = false }: { job: Job; title?: string; link?: boolean }) {
  const staff = useMe().data?.is_staff ?? false
  const result = typeof job.result === 'object' && job.result !== null ? job.result as Record<string, unknown> : null
  // A job that failed part way keeps what it made and paid for (e.g. the first images).
  const partial = job.status === 'failed' && result && Array.isArray(result.images) && result.images.length > 0
  return (
    <div className="card job" data-testid="job">
      <p className="job-head">
        <strong>{title ?? functionWords(job.function)}</strong>
        {' · '}
        <span data-testid="job-status" className={`status status-${job.status}`}>{job.status}</span>
        {!isFinished(job.status) && job.step && ` · ${job.step}`}
        {link && <> · <Link to={`/jobs/${job.id}`}>Open this job's page</Link></>}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="job-announcer">{statusSentence(job)}</p>
      {!isFinished(job.status) && <ProgressBar percent={job.progress} label="Job progress" />}
      {job.status === 'failed' && <p className="error">{jobErrorText(job.error)}</p>}
      {(job.status === 'succeeded' || partial) && result && <ResultBody job={job} result={result} />}
      <p className="muted">
        Charged {formatCredits(job.credits_charged)}
        {staff && ` · provider cost ${formatUsd(job.cost_usd)}`}
      </p>
    </div>
  )
}
