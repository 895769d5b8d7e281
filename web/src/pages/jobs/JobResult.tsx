import type { Job, JobImage } from '../../api/jobs'
import { insufficientCreditsMessage } from '../../lib/errors'
import { formatCredits, formatUsd } from '../../lib/format'
import { ProgressBar } from '../../components/ProgressBar'

function imageSrc(image: JobImage): string | null {
  if (image.url) return image.url
  if (image.b64_json) return `data:image/png;base64,${image.b64_json}`
  return null
}

// A failed job's error is the API's error body ({code, message, ...details}), kept as JSON on the job.
type JobError = { code?: string; message?: string; [detail: string]: unknown }

function jobErrorText(error: Job['error']): string {
  if (!error || typeof error !== 'object') return 'The job failed.'
  const body = error as JobError
  return insufficientCreditsMessage(body) ?? body.message ?? 'The job failed.'
}

function ResultBody({ result }: { result: Record<string, unknown> }) {
  if (typeof result.content === 'string') return <article className="result-text">{result.content}</article>
  if (Array.isArray(result.images)) {
    return (
      <div className="images">
        {(result.images as JobImage[]).map((image, i) => {
          const src = imageSrc(image)
          return (
            <figure key={i}>
              {src ? <img src={src} alt={image.prompt} /> : <span className="muted">no image data</span>}
              <figcaption>{image.revised_prompt ?? image.prompt}</figcaption>
            </figure>
          )
        })}
      </div>
    )
  }
  if (Array.isArray(result.prompts)) {
    return <ol>{(result.prompts as string[]).map((p, i) => <li key={i}>{p}</li>)}</ol>
  }
  if (Array.isArray(result.clusters)) {
    return (
      <ul>
        {(result.clusters as { name?: string; keywords?: string[] }[]).map((c, i) => (
          <li key={i}><strong>{c.name}</strong>: {(c.keywords ?? []).join(', ')}</li>
        ))}
      </ul>
    )
  }
  return <pre>{JSON.stringify(result, null, 2)}</pre>
}

export function JobResult({ job }: { job: Job }) {
  return (
    <div className="card" data-testid="job">
      <p>
        <strong>{job.function.replace(/_/g, ' ')}</strong> · <span data-testid="job-status">{job.status}</span>
        {job.step && ` · ${job.step}`}
      </p>
      {!['succeeded', 'failed'].includes(job.status) && <ProgressBar percent={job.progress} label="Job progress" />}
      {job.status === 'failed' && <p className="error" role="alert">{jobErrorText(job.error)}</p>}
      {job.status === 'succeeded' && typeof job.result === 'object' && job.result !== null
        && <ResultBody result={job.result as Record<string, unknown>} />}
      <p className="muted">Charged {formatCredits(job.credits_charged)} · provider cost {formatUsd(job.cost_usd)}</p>
    </div>
  )
}
