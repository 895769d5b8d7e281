import { useState, type FormEvent } from 'react'
import { useAIModels } from '../../api/catalog'
import { useEffective, useIntegration, useSaveIntegration, type IntegrationSettings } from '../../api/settings'
import type { TextModel } from '../../api/types'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { ManagersOnlyNote, useCanManageAccount } from '../../components/ManagersOnly'
import { EffectiveTable } from './EffectiveTable'
import { SavedNote } from './common'

interface Form {
  model: string // model_name, or '' to inherit
  temperature: string // '' to inherit
  maxTokens: string // '' to inherit
}

function formFrom(settings: IntegrationSettings): Form {
  const config = settings.override.config
  return {
    model: settings.override.model?.model_name ?? '',
    temperature: config.temperature === undefined || config.temperature === null ? '' : String(config.temperature),
    maxTokens: config.max_tokens === undefined || config.max_tokens === null ? '' : String(config.max_tokens),
  }
}

/** The override body: only what the account sets itself; blank fields inherit. */
function overrideBody(form: Form, models: TextModel[], settings: IntegrationSettings): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (form.model) {
    const chosen = models.find((m) => m.model_name === form.model)
    const knownId = [settings.override.model, settings.effective.model].find((m) => m?.model_name === form.model)?.id
    const id = chosen?.id ?? knownId
    if (id === undefined) throw new Error('This model cannot be chosen yet: the server did not say its id.')
    body.model = id
  }
  if (form.temperature !== '') body.temperature = Number(form.temperature)
  if (form.maxTokens !== '') body.max_tokens = Number(form.maxTokens)
  return body
}

export function SettingsAIPage() {
  const models = useAIModels()
  const integration = useIntegration('text_generation')
  const effective = useEffective('generate_content')
  const save = useSaveIntegration('text_generation')
  // The form starts from the saved override and holds the user's edits from then on.
  const [draft, setForm] = useState<Form | null>(null)
  const form = draft ?? (integration.data ? formFrom(integration.data) : null)
  const canManage = useCanManageAccount()
  const [formError, setFormError] = useState<unknown>(null)

  if (models.isPending || integration.isPending) return <Loading />
  if (models.isError || integration.isError) return <ErrorNote error={models.error ?? integration.error} />
  if (!form) return <Loading />

  const textModels = models.data.text_models
  const inherited = effective.data?.sources.model === 'account' ? undefined : effective.data?.model.display_name
  const chosen = textModels.find((m) => m.model_name === form.model)
    ?? textModels.find((m) => m.model_name === effective.data?.model.model_name)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setFormError(null)
    try {
      save.mutate(overrideBody(form, textModels, integration.data))
    } catch (error) {
      setFormError(error)
    }
  }

  return (
    <section>
      <h1>Settings → AI</h1>
      <p className="muted">Your account's text generation settings. Leave a field empty to inherit the platform default.</p>
      {canManage === false && <ManagersOnlyNote />}
      <form onSubmit={submit} className="card form">
        <fieldset disabled={canManage !== true} className="plain">
        <label>
          Text model
          <select name="text_model" value={form.model} onChange={(e) => setForm({ ...form, model: e.target.value })}>
            <option value="">Inherit{inherited ? ` (now ${inherited})` : ''}</option>
            {textModels.filter((m) => m.available || m.model_name === form.model).map((m) => (
              <option key={m.model_name} value={m.model_name}>
                {m.display_name} · {m.tokens_per_credit.toLocaleString('en-US')} tokens per credit{m.is_default ? ' · default' : ''}{m.available ? '' : ' · unavailable right now'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Temperature
          <input name="temperature" type="number" min={0} max={2} step={0.05} placeholder="inherit"
            value={form.temperature} onChange={(e) => setForm({ ...form, temperature: e.target.value })} />
        </label>
        <label>
          Max tokens
          <input name="max_tokens" type="number" min={1} max={chosen?.max_output_tokens ?? undefined} placeholder="inherit"
            aria-describedby="max-tokens-hint" value={form.maxTokens}
            onChange={(e) => setForm({ ...form, maxTokens: e.target.value })} />
        </label>
        {chosen?.max_output_tokens && (
          <small id="max-tokens-hint" className="muted hint">
            at most {chosen.max_output_tokens.toLocaleString('en-US')} for {chosen.display_name}
          </small>
        )}
        <ErrorNote error={formError ?? save.error} />
        <SavedNote ignored={save.data?.ignored_fields} show={save.isSuccess} />
        <button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>
        </fieldset>
      </form>
      <h2>What content generation uses now</h2>
      {effective.isPending ? <Loading /> : effective.isError ? <ErrorNote error={effective.error} /> : <EffectiveTable data={effective.data} />}
    </section>
  )
}
