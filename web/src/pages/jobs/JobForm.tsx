import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { useEstimate, useStartJob, type Job } from '../../api/jobs'
import type { FunctionSpec } from '../../api/types'
import { ErrorNote } from '../../components/ErrorNote'
import { describeError } from '../../lib/errors'
import { inputFieldErrors } from '../../lib/fieldErrors'
import { CostEstimate, CreditFixes } from './CostEstimate'
import { buildInput, type FieldSpec } from './functions'

interface FieldProps {
  field: FieldSpec
  id: string
  value: string
  error: string | undefined
  onChange: (v: string) => void
}

/** One input with its label, help and error tied to it (aria-describedby, aria-invalid). */
function Field({ field, id, value, error, onChange }: FieldProps) {
  const describedBy = [field.help_text && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
  const common = {
    id, name: field.name, value, required: field.required, 'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy, onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  }
  return (
    <div className="form-field">
      <label htmlFor={id}>{field.label}{field.required ? '' : ' (optional)'}</label>
      {field.kind === 'textarea' || field.kind === 'lines'
        ? <textarea rows={field.kind === 'lines' ? 4 : 6} {...common} />
        : <input type={field.kind === 'number' ? 'number' : 'text'} {...common} />}
      {field.help_text && <small id={`${id}-help`} className="muted">{field.help_text}</small>}
      {error && <small id={`${id}-error`} className="field-error">{error}</small>}
    </div>
  )
}

/** Client-side: required fields left empty, said the way the server would. */
function missing(spec: FunctionSpec, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const field of spec.fields) {
    if (field.required && !(values[field.name] ?? '').trim()) out[field.name] = `${field.label} is required.`
  }
  return out
}

/** Start a job: the form the server describes, its cost before Start, and what to do when the
 *  credits are short. Errors are tied to their fields, and focus goes to the first one. */
export function JobForm({ functions, onStarted }: { functions: FunctionSpec[]; onStarted: (job: Job) => void }) {
  const id = useId()
  const [fnName, setFnName] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const [checked, setChecked] = useState<Record<string, string>>({})
  const start = useStartJob()
  const errorRef = useRef<HTMLDivElement>(null)
  const spec = functions.find((f) => f.name === fnName) ?? functions[0]
  const complete = Object.keys(missing(spec, values)).length === 0
  const body = complete ? { function: spec.name, input: buildInput(spec, values) } : null
  const estimate = useEstimate(body)
  const fieldErrors = { ...inputFieldErrors(start.error), ...checked }
  const fieldId = (name: string) => `${id}-${name}`

  // Focus follows the error: the first field in the form's order, else the message.
  const [focusTick, setFocusTick] = useState(0)
  useEffect(() => {
    if (!focusTick) return
    const first = spec.fields.find((f) => fieldErrors[f.name])
    if (first) document.getElementById(fieldId(first.name))?.focus()
    else errorRef.current?.focus()
  }, [focusTick]) // eslint-disable-line react-hooks/exhaustive-deps

  const change = (name: string, value: string) => {
    setValues({ ...values, [name]: value })
    if (checked[name]) setChecked(Object.fromEntries(Object.entries(checked).filter(([k]) => k !== name)))
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const empty = missing(spec, values)
    setChecked(empty)
    if (Object.keys(empty).length) {
      start.reset()
      setFocusTick((n) => n + 1)
      return
    }
    start.mutate({ function: spec.name, input: buildInput(spec, values) }, {
      onSuccess: onStarted,
      onError: () => setFocusTick((n) => n + 1),
    })
  }
  const fewer = (count: number) => {
    const lines = spec.fields.find((f) => f.kind === 'lines')
    if (!lines) return
    change(lines.name, (values[lines.name] ?? '').split('\n').filter((s) => s.trim()).slice(0, count).join('\n'))
    start.reset()
  }
  const refused = start.error instanceof ApiError && start.error.status === 402 ? start.error.body : null
  const short = refused ?? (estimate.data && !estimate.data.enough
    ? { needed: estimate.data.credits ?? 0, available: estimate.data.available } : null)
  const fieldOnly = start.error instanceof ApiError && start.error.status === 400 && Object.keys(inputFieldErrors(start.error)).length > 0
  // Said once: when Start is refused for the reason the cost line already gave (an unavailable
  // tier, an input the server refuses), the error line or the field says it, and the cost line steps aside.
  const saidAtStart = Boolean(estimate.error && start.error && describeError(estimate.error) === describeError(start.error))

  return (
    <form onSubmit={submit} className="card form" noValidate aria-label="Start a job">
      <div className="form-field">
        <label htmlFor={`${id}-function`}>What to do</label>
        <select id={`${id}-function`} name="function" value={spec.name} autoFocus
          onChange={(e) => { setFnName(e.target.value); setValues({}); setChecked({}); start.reset() }}>
          {functions.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
        </select>
      </div>
      {spec.fields.map((field) => (
        <Field key={`${spec.name}-${field.name}`} field={field} id={fieldId(field.name)} value={values[field.name] ?? ''}
          error={fieldErrors[field.name]} onChange={(v) => change(field.name, v)} />
      ))}
      <CostEstimate estimate={estimate.data} error={estimate.error} pending={estimate.isFetching} saidElsewhere={saidAtStart} />
      <div ref={errorRef} tabIndex={-1} className="error-focus">
        {!fieldOnly && <ErrorNote error={start.error} />}
      </div>
      {short && typeof short.needed === 'number' && typeof short.available === 'number' && (
        <CreditFixes needed={short.needed} available={short.available} estimate={estimate.data}
          modelType={spec.model_type} onFewer={fewer} />
      )}
      <button type="submit" disabled={start.isPending}>{start.isPending ? 'Starting…' : 'Start job'}</button>
    </form>
  )
}
