import { ApiError } from '../api/client'

function asNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The message for an insufficient_credits error body, or null if it is not one. */
export function insufficientCreditsMessage(body: { code?: unknown; needed?: unknown; available?: unknown }): string | null {
  if (body.code !== 'insufficient_credits') return null
  const needed = asNumber(body.needed)
  const available = asNumber(body.available)
  if (needed === null || available === null) return 'Not enough credits for this.'
  return `Not enough credits: this needs ${needed}, you have ${available}.`
}

/** Any error, in words a person understands. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const credits = insufficientCreditsMessage(error.body)
    if (credits) return credits
    if (error.status === 401) return 'You are signed out. Please log in again.'
    if (error.status === 403 && !error.body.message) return 'You are not allowed to do this.'
    return error.body.message || `The server answered ${error.status}.`
  }
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.'
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}

export { plural }
