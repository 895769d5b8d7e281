import { useState } from 'react'
import { useCatalogModels, type CatalogModel } from '../../api/staff'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { formatUsd } from '../../lib/format'
import { Economics } from './Economics'
import { ModelEditor } from './ModelEditor'

const NO_PRICE = <span className="muted">no price</span>

function ProviderPrice({ model }: { model: CatalogModel }) {
  if (model.model_type === 'image') {
    return model.cost_per_image === null ? NO_PRICE : <>{formatUsd(model.cost_per_image)} / image</>
  }
  const rate = (value: string | null) => (value === null ? NO_PRICE : formatUsd(value, 2))
  if (model.input_token_rate === null && model.output_token_rate === null) return NO_PRICE
  return <>{rate(model.input_token_rate)} in<br />{rate(model.output_token_rate)} out<br /><small className="muted">per 1M tokens</small></>
}

function Credits({ model }: { model: CatalogModel }) {
  if (model.credits_per_image !== null) return <>{model.credits_per_image} / image</>
  if (model.tokens_per_credit !== null) return <>1 per {model.tokens_per_credit.toLocaleString('en-US')} tokens</>
  return <span className="muted">not sold</span>
}

interface Filters {
  text: string
  type: string
  activeOnly: boolean
}

/** The models a filter keeps: words match the name, display name, provider or tier. */
export function filterModels(models: CatalogModel[], { text, type, activeOnly }: Filters): CatalogModel[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  return models.filter((m) => {
    if (activeOnly && !m.is_active) return false
    if (type && m.model_type !== type) return false
    const haystack = [m.model_name, m.display_name, m.provider, m.quality_tier ?? ''].join(' ').toLowerCase()
    return words.every((w) => haystack.includes(w))
  })
}

function ModelRow({ model, editing, onEdit }: { model: CatalogModel; editing: boolean; onEdit: (open: boolean) => void }) {
  return (
    <>
      <tr className={model.is_active ? '' : 'inactive'} data-testid={`model-${model.model_name}`}>
        <td>
          {model.display_name}<br />
          <small className="muted">{model.model_name} · {model.model_type}{model.quality_tier ? ` · ${model.quality_tier}` : ''}</small>
        </td>
        <td>{model.provider}</td>
        <td>{model.is_active ? 'active' : 'inactive'}{model.is_default ? ' · default' : ''}</td>
        <td><ProviderPrice model={model} /></td>
        <td><Credits model={model} /></td>
        <td><Economics units={model.economics} /></td>
        <td>
          <button type="button" className="link" aria-expanded={editing} onClick={() => onEdit(!editing)}
            aria-label={`${editing ? 'Close' : 'Edit'} ${model.display_name}`}>
            {editing ? 'Close' : 'Edit'}
          </button>
        </td>
      </tr>
      {editing && (
        <tr className="editor-row"><td colSpan={7}><ModelEditor model={model} onDone={() => onEdit(false)} /></td></tr>
      )}
    </>
  )
}

export function ModelsPage() {
  const models = useCatalogModels()
  const [filters, setFilters] = useState<Filters>({ text: '', type: '', activeOnly: false })
  const [editing, setEditing] = useState<number | null>(null)
  const shown = models.data ? filterModels(models.data, filters) : []
  return (
    <section>
      <h1>Models</h1>
      <p className="muted">
        The whole catalog: what each provider charges, what a customer pays in credits, and the margin per image
        or per credit for each operation. Edit a model to change its prices, credits, tier, sizes or state.
      </p>
      <form className="inline-form filters" aria-label="Which models to show" onSubmit={(e) => e.preventDefault()}>
        <label>Filter <input type="search" value={filters.text} placeholder="name, provider or tier"
          onChange={(e) => setFilters({ ...filters, text: e.target.value })} /></label>
        <label>Type <select value={filters.type} onChange={(e) => setFilters({ ...filters, type: e.target.value })}>
          <option value="">all</option><option value="text">text</option><option value="image">image</option>
        </select></label>
        <label className="choice"><input type="checkbox" checked={filters.activeOnly}
          onChange={(e) => setFilters({ ...filters, activeOnly: e.target.checked })} /> Active only</label>
      </form>
      {models.isPending ? <Loading /> : models.isError ? <ErrorNote error={models.error} /> : (
        <>
          <p className="muted" role="status">{shown.length} of {models.data.length} models</p>
          <div className="table-scroll">
            <table className="table" data-testid="models">
              <thead>
                <tr><th>Model</th><th>Provider</th><th>Status</th><th>Provider price</th><th>Credits</th><th>Margin</th><th /></tr>
              </thead>
              <tbody>
                {shown.map((m) => (
                  <ModelRow key={m.id} model={m} editing={editing === m.id} onEdit={(open) => setEditing(open ? m.id : null)} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
