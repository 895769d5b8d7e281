import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react'
import { ApiError } from '../../api/client'
import {
  useEconomicsPreview, useMakeDefault, useUpdateModel, type CatalogModel, type ModelChanges, type PriceChanges,
} from '../../api/staff'
import { ErrorNote } from '../../components/ErrorNote'
import { Economics } from './Economics'

const MONEY = /^\d{1,10}(\.\d{1,8})?$/ // the catalog's NUMERIC(18, 8)
const COUNT = /^[1-9]\d{0,9}$/
const TIERS = ['basic', 'quality', 'premium']

/** The form's text, as typed. */
export interface Draft {
  display_name: string
  input_token_rate: string
  output_token_rate: string
  cost_per_image: string
  tokens_per_credit: string
  credits_per_image: string
  max_output_tokens: string
  quality_tier: string
  available_sizes: string
  fallback_models: string
  request_parameters: string
  is_active: boolean
}

/** A USD string without trailing zeros ("0.04000000" → "0.04"), as a person types it. */
function plainMoney(value: string | null): string {
  if (value === null) return ''
  const [whole, fraction = ''] = value.split('.')
  const trimmed = fraction.replace(/0+$/, '')
  return trimmed ? `${whole}.${trimmed.length < 2 ? trimmed.padEnd(2, '0') : trimmed}` : whole
}

export function draftOf(model: CatalogModel): Draft {
  return {
    display_name: model.display_name,
    input_token_rate: plainMoney(model.input_token_rate),
    output_token_rate: plainMoney(model.output_token_rate),
    cost_per_image: plainMoney(model.cost_per_image),
    tokens_per_credit: model.tokens_per_credit?.toString() ?? '',
    credits_per_image: model.credits_per_image?.toString() ?? '',
    max_output_tokens: model.max_output_tokens?.toString() ?? '',
    quality_tier: model.quality_tier ?? '',
    available_sizes: model.available_sizes.join(', '),
    fallback_models: model.fallback_models.join(', '),
    request_parameters: JSON.stringify(model.request_parameters ?? {}, null, 2),
    is_active: model.is_active,
  }
}

type Problems = Partial<Record<keyof Draft, string>>
const PRICE_FIELDS = ['input_token_rate', 'output_token_rate', 'cost_per_image', 'tokens_per_credit', 'credits_per_image'] as const

function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean)
}

function money(text: string): string | null | undefined {
  const value = text.trim()
  if (!value) return null
  return MONEY.test(value) ? value : undefined
}

function count(text: string): number | null | undefined {
  const value = text.trim()
  if (!value) return null
  return COUNT.test(value) ? Number(value) : undefined
}

/** The changes a draft makes to the model (only what differs), or the problems found before sending. */
export function changesOf(model: CatalogModel, draft: Draft): { changes: ModelChanges; problems: Problems } {
  const changes: ModelChanges = {}
  const problems: Problems = {}
  const original = draftOf(model)
  for (const name of ['input_token_rate', 'output_token_rate', 'cost_per_image'] as const) {
    const value = money(draft[name])
    if (value === undefined) problems[name] = 'A price in USD, e.g. 0.04 (up to 8 decimals), or empty for no price.'
    else if (draft[name].trim() !== original[name]) changes[name] = value
  }
  for (const name of ['tokens_per_credit', 'credits_per_image', 'max_output_tokens'] as const) {
    const value = count(draft[name])
    if (value === undefined) problems[name] = 'A whole number of at least 1, or empty.'
    else if (draft[name].trim() !== original[name]) changes[name] = value
  }
  if (!draft.display_name.trim()) problems.display_name = 'A name customers and staff recognise.'
  else if (draft.display_name !== original.display_name) changes.display_name = draft.display_name.trim()
  if (draft.quality_tier !== original.quality_tier) changes.quality_tier = draft.quality_tier || null
  if (list(draft.available_sizes).join(',') !== model.available_sizes.join(',')) changes.available_sizes = list(draft.available_sizes)
  if (list(draft.fallback_models).join(',') !== model.fallback_models.join(',')) changes.fallback_models = list(draft.fallback_models)
  if (draft.is_active !== model.is_active) changes.is_active = draft.is_active
  try {
    const parameters = JSON.parse(draft.request_parameters || '{}')
    if (!parameters || typeof parameters !== 'object' || Array.isArray(parameters)) throw new Error('not an object')
    if (JSON.stringify(parameters) !== JSON.stringify(model.request_parameters ?? {})) changes.request_parameters = parameters
  } catch {
    problems.request_parameters = 'A JSON object, e.g. {"max_images_per_request": 1}.'
  }
  return { changes, problems }
}

/** The prices to preview the margin at, or null while one of them is not a number yet. */
function pricesOf(draft: Draft): PriceChanges | null {
  const prices: PriceChanges = {}
  for (const name of PRICE_FIELDS) {
    const value = name === 'tokens_per_credit' || name === 'credits_per_image' ? count(draft[name]) : money(draft[name])
    if (value === undefined) return null
    Object.assign(prices, { [name]: value })
  }
  return prices
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

/** The server's field messages ({"fields": {"cost_per_image": ["..."]}}), by field. */
function serverProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const fields = error.body.fields
  const found: Record<string, string> = {}
  // DRF nests a list item's messages under its index: {"available_sizes": {"1": ["..."]}}.
  const flat = (messages: unknown): string[] => Array.isArray(messages) ? messages.flatMap(flat)
    : messages && typeof messages === 'object' ? Object.values(messages).flatMap(flat) : [String(messages)]
  if (fields && typeof fields === 'object') {
    for (const [name, messages] of Object.entries(fields as Record<string, unknown>)) found[name] = flat(messages).join(' ')
  }
  if (typeof error.body.field === 'string' && !found[error.body.field]) found[error.body.field] = error.body.message
  return found
}

function Field({ label, name, problem, hint, children }: { label: string; name: string; problem?: string; hint?: string; children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId()
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field field-${name}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(problem), 'aria-describedby': described })}
      {hint && <small id={`${id}-hint`} className="muted">{hint}</small>}
      {problem && <small id={`${id}-error`} className="error">{problem}</small>}
    </div>
  )
}

/** Edit one model; the margin for each operation is recomputed by the server as you type. */
export function ModelEditor({ model, onDone }: { model: CatalogModel; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(model))
  const [tried, setTried] = useState(false)
  const [saved, setSaved] = useState(false)
  const update = useUpdateModel()
  const makeDefault = useMakeDefault()
  const preview = useEconomicsPreview(model.id, useDebounced(pricesOf(draft), 300))
  const { changes, problems } = changesOf(model, draft)
  const fromServer = serverProblems(update.error)
  const problem = (name: keyof Draft) => (tried ? problems[name] : undefined) ?? fromServer[name]
  const set = (name: keyof Draft) => (e: { target: { value: string } }) => { setSaved(false); setDraft({ ...draft, [name]: e.target.value }) }
  const image = model.model_type === 'image'
  const nothing = Object.keys(changes).length === 0

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (Object.keys(problems).length || nothing) return
    update.mutate({ id: model.id, changes }, { onSuccess: () => setSaved(true) })
  }

  return (
    <form className="model-editor" onSubmit={submit} aria-label={`Edit ${model.display_name}`} noValidate>
      <div className="editor-grid">
        <Field label="Display name" name="display_name" problem={problem('display_name')}>
          {(p) => <input {...p} value={draft.display_name} onChange={set('display_name')} maxLength={150} />}
        </Field>
        {image ? (
          <>
            <Field label="Provider cost per image (USD)" name="cost_per_image" problem={problem('cost_per_image')} hint="empty: no price">
              {(p) => <input {...p} inputMode="decimal" value={draft.cost_per_image} onChange={set('cost_per_image')} />}
            </Field>
            <Field label="Credits per image" name="credits_per_image" problem={problem('credits_per_image')}>
              {(p) => <input {...p} inputMode="numeric" value={draft.credits_per_image} onChange={set('credits_per_image')} />}
            </Field>
            <Field label="Quality tier" name="quality_tier" problem={problem('quality_tier')}>
              {(p) => (
                <select {...p} value={draft.quality_tier} onChange={set('quality_tier')}>
                  <option value="">none</option>
                  {TIERS.map((t) => <option key={t} value={t}>{t}</option>)}
                </select>
              )}
            </Field>
            <Field label="Sizes" name="available_sizes" problem={problem('available_sizes')} hint="WIDTHxHEIGHT, comma-separated">
              {(p) => <input {...p} value={draft.available_sizes} onChange={set('available_sizes')} />}
            </Field>
          </>
        ) : (
          <>
            <Field label="Input price (USD per 1M tokens)" name="input_token_rate" problem={problem('input_token_rate')} hint="empty: no price">
              {(p) => <input {...p} inputMode="decimal" value={draft.input_token_rate} onChange={set('input_token_rate')} />}
            </Field>
            <Field label="Output price (USD per 1M tokens)" name="output_token_rate" problem={problem('output_token_rate')} hint="empty: no price">
              {(p) => <input {...p} inputMode="decimal" value={draft.output_token_rate} onChange={set('output_token_rate')} />}
            </Field>
            <Field label="Tokens per credit" name="tokens_per_credit" problem={problem('tokens_per_credit')}>
              {(p) => <input {...p} inputMode="numeric" value={draft.tokens_per_credit} onChange={set('tokens_per_credit')} />}
            </Field>
            <Field label="Max output tokens" name="max_output_tokens" problem={problem('max_output_tokens')} hint="empty: no limit">
              {(p) => <input {...p} inputMode="numeric" value={draft.max_output_tokens} onChange={set('max_output_tokens')} />}
            </Field>
          </>
        )}
        <Field label="Fallback models" name="fallback_models" problem={problem('fallback_models')} hint="model names of the same type, in order, comma-separated">
          {(p) => <input {...p} value={draft.fallback_models} onChange={set('fallback_models')} />}
        </Field>
        <Field label="Request parameters (JSON)" name="request_parameters" problem={problem('request_parameters')}>
          {(p) => <textarea {...p} rows={4} value={draft.request_parameters} onChange={set('request_parameters')} spellCheck={false} />}
        </Field>
      </div>
      <label className="choice">
        <input type="checkbox" checked={draft.is_active} onChange={(e) => { setSaved(false); setDraft({ ...draft, is_active: e.target.checked }) }} />
        Active (offered to customers)
      </label>
      <div className="margin-preview" aria-live="polite" data-testid="margin-preview">
        <strong>Margin at these prices:</strong> {preview.data ? <Economics units={preview.data} /> : pricesOf(draft) === null ? <span className="muted">enter valid prices</span> : null}
        <ErrorNote error={preview.error} />
      </div>
      <ErrorNote error={update.error} />
      <div className="inline-form">
        <button type="submit" disabled={update.isPending}>Save</button>
        <button type="button" className="link" onClick={onDone}>Cancel</button>
        {model.is_default ? <span className="badge ok">default {model.model_type} model</span> : (
          <button type="button" className="link" disabled={!model.is_active || makeDefault.isPending}
            title={model.is_active ? undefined : 'Activate it first'} onClick={() => makeDefault.mutate(model.id)}>
            Make it the default {model.model_type} model
          </button>
        )}
        {tried && nothing && !saved && <span className="muted">Nothing changed.</span>}
        {saved && <span className="ok" role="status">Saved.</span>}
      </div>
      <ErrorNote error={makeDefault.error} />
    </form>
  )
}
