// How a job form's strings become the job's input. The functions and their forms come from the
// API (GET /api/v1/ai/functions/): the server's list is the only one.

import type { FunctionSpec } from '../../api/types'

export type { FieldSpec, FunctionSpec } from '../../api/types'

/** The form's strings as the API's input object; empty optional fields are left out. */
export function buildInput(spec: FunctionSpec, values: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const field of spec.fields) {
    const raw = (values[field.name] ?? '').trim()
    if (!raw) continue
    if (field.kind === 'number') input[field.name] = Number(raw)
    else if (field.kind === 'lines') input[field.name] = raw.split('\n').map((s) => s.trim()).filter(Boolean)
    else if (field.kind === 'csv') input[field.name] = raw.split(',').map((s) => s.trim()).filter(Boolean)
    else input[field.name] = raw
  }
  return input
}
