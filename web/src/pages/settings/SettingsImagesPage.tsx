import { useMemo, useState, type FormEvent } from 'react'
import { useAIModels } from '../../api/catalog'
import { useIntegration, useSaveIntegration, type IntegrationSettings } from '../../api/settings'
import type { QualityTier } from '../../api/types'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { ManagersOnlyNote, useCanManageAccount } from '../../components/ManagersOnly'
import { buildImageQualityOptions, selectedTier, type ImageQualityOption } from '../../lib/imageOptions'
import { ImageQualityPicker } from './ImageQualityPicker'
import { SavedNote } from './common'

interface Form {
  tier: QualityTier | null
  size: string
  style: string
  maxImages: number
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const num = (v: unknown) => (typeof v === 'number' ? v : undefined)

function formFrom(settings: IntegrationSettings, options: ImageQualityOption[]): Form {
  const own = settings.override.config
  const eff = settings.effective
  const tier = selectedTier(options, str(own.quality_tier) ?? str(eff.quality_tier))
  const sizes = options.find((o) => o.tier === tier)?.sizes ?? []
  const size = str(own.image_size) ?? str(eff.image_size)
  return {
    tier,
    size: size && sizes.includes(size) ? size : sizes[0] ?? '',
    style: str(own.image_style) ?? str(eff.image_style) ?? '',
    maxImages: num(own.max_in_article_images) ?? num(eff.max_in_article_images) ?? 0,
  }
}

/** The override: the tier and size always; style and count only when the account sets its own. */
function overrideBody(form: Form, settings: IntegrationSettings): Record<string, unknown> {
  const own = settings.override.config
  const eff = settings.effective
  const body: Record<string, unknown> = { quality_tier: form.tier }
  if (form.size) body.image_size = form.size
  if ('image_style' in own || form.style !== eff.image_style) body.image_style = form.style
  if ('max_in_article_images' in own || form.maxImages !== eff.max_in_article_images) {
    body.max_in_article_images = form.maxImages
  }
  return body
}

export function SettingsImagesPage() {
  const models = useAIModels()
  const integration = useIntegration('image_generation')
  const save = useSaveIntegration('image_generation')
  const options = useMemo(() => buildImageQualityOptions(models.data?.image_models ?? []), [models.data])
  // The form starts from the saved override and holds the user's edits from then on.
  const [draft, setForm] = useState<Form | null>(null)
  const form = draft ?? (models.data && integration.data ? formFrom(integration.data, options) : null)
  const canManage = useCanManageAccount()

  if (models.isPending || integration.isPending) return <Loading />
  if (models.isError || integration.isError) return <ErrorNote error={models.error ?? integration.error} />
  if (!form) return <Loading />

  const sizes = options.find((o) => o.tier === form.tier)?.sizes ?? []
  const chooseTier = (tier: QualityTier) => {
    const next = options.find((o) => o.tier === tier)?.sizes ?? []
    setForm({ ...form, tier, size: next.includes(form.size) ? form.size : next[0] ?? '' })
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate(overrideBody(form, integration.data))
  }

  return (
    <section>
      <h1>Settings → Images</h1>
      <p className="muted">For every image your account generates. Credits are charged per image.</p>
      {canManage === false && <ManagersOnlyNote />}
      <form onSubmit={submit} className="card form">
        <fieldset disabled={canManage !== true} className="plain">
        <ImageQualityPicker options={options} value={form.tier} onChange={chooseTier} />
        <label>
          Image size
          <select name="image_size" value={form.size} onChange={(e) => setForm({ ...form, size: e.target.value })}>
            {sizes.map((s) => <option key={s} value={s}>{s.replace('x', ' × ')}</option>)}
          </select>
        </label>
        <label>
          Style
          <input name="image_style" value={form.style} maxLength={50} required
            onChange={(e) => setForm({ ...form, style: e.target.value })} />
        </label>
        <label>
          Images per article, at most
          <input name="max_in_article_images" type="number" min={0} max={20} value={form.maxImages}
            onChange={(e) => setForm({ ...form, maxImages: Number(e.target.value) })} />
        </label>
        <ErrorNote error={save.error} />
        <SavedNote ignored={save.data?.ignored_fields} show={save.isSuccess} />
        <button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>
        </fieldset>
      </form>
    </section>
  )
}
