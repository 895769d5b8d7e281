import { describeError } from '../lib/errors'

/** An error in plain words, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <p className="error" role="alert" data-testid="error">
      {describeError(error)}
    </p>
  )
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <p className="muted" aria-busy="true">{what}…</p>
}
