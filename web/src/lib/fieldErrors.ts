import { ApiError } from '../api/client'

/** The first message of a DRF error entry: ["msg"], {"0": ["msg"]}, or "msg". */
function firstMessage(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstMessage(item)
      if (found) return found
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = firstMessage(item)
      if (found) return found
    }
  }
  return null
}

/** A 400's messages per field of the job's input (`fields.input.<name>`), one message each. */
export function inputFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {}
  const fields = error.body.fields
  const input = fields && typeof fields === 'object' ? (fields as Record<string, unknown>).input : null
  if (!input || typeof input !== 'object' || Array.isArray(input)) return {}
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    const message = firstMessage(value)
    if (message) out[name] = message
  }
  return out
}
