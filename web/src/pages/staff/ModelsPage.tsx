import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import type { Page } from '../../api/types'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { formatPercent, formatUsd } from '../../lib/format'

/** GET /api/v1/system/models/ (staff): every catalog model with its prices, credits and margin. */
export interface CatalogModel {
  model_name: string
  display_name: string
  model_type: string
  provider: string
  is_active: boolean
  is_default: boolean
  quality_tier: string | null
  input_token_rate: string | null
  output_token_rate: string | null
  cost_per_image: string | null
  tokens_per_credit: number | null
  credits_per_image: number | null
  price_per_credit: string | null
  /** What one unit earns, costs and leaves: an image for image models, one credit's tokens for text. */
  revenue_usd: string | null
  cost_usd: string | null
  margin_usd: string | null
  margin_percent: string | null
}

function useCatalogModels() {
  return useQuery({
    queryKey: ['staff', 'models'],
    queryFn: async () => {
      const data = await api.get<CatalogModel[] | Page<CatalogModel>>('system/models/?page_size=200')
      return Array.isArray(data) ? data : data.results
    },
  })
}

function Price({ model }: { model: CatalogModel }) {
  if (model.model_type === 'image') return <>{formatUsd(model.cost_per_image)} / image</>
  if (model.input_token_rate === null && model.output_token_rate === null) return <>-</>
  return <>{formatUsd(model.input_token_rate, 2)} in · {formatUsd(model.output_token_rate, 2)} out / 1M tokens</>
}

function Credits({ model }: { model: CatalogModel }) {
  if (model.model_type === 'image' && model.credits_per_image !== null) return <>{model.credits_per_image} / image</>
  if (model.tokens_per_credit !== null) return <>{model.tokens_per_credit.toLocaleString('en-US')} tokens / credit</>
  return <>-</>
}

export function ModelsPage() {
  const models = useCatalogModels()
  return (
    <section>
      <h1>Models</h1>
      <p className="muted">The whole catalog: what each provider charges us, what a customer pays in credits, and the margin.</p>
      {models.isPending ? <Loading /> : models.isError ? <ErrorNote error={models.error} /> : (
        <table className="table" data-testid="models">
          <thead>
            <tr><th>Model</th><th>Type</th><th>Provider</th><th>Status</th><th>Provider price</th><th>Credits</th>
              <th>Price / credit</th><th>Revenue</th><th>Cost</th><th>Margin</th></tr>
          </thead>
          <tbody>
            {models.data.map((m) => (
              <tr key={m.model_name} className={m.is_active ? '' : 'inactive'}>
                <td>{m.display_name}<br /><small className="muted">{m.model_name}</small></td>
                <td>{m.model_type}{m.quality_tier ? ` · ${m.quality_tier}` : ''}</td>
                <td>{m.provider}</td>
                <td>{m.is_active ? 'active' : 'inactive'}{m.is_default ? ' · default' : ''}</td>
                <td><Price model={m} /></td>
                <td><Credits model={m} /></td>
                <td className="num">{formatUsd(m.price_per_credit)}</td>
                <td className="num">{formatUsd(m.revenue_usd)}</td>
                <td className="num">{formatUsd(m.cost_usd)}</td>
                <td className="num">{formatUsd(m.margin_usd)} ({formatPercent(m.margin_percent)})</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
