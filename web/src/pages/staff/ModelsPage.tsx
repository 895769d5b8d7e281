import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import type { CatalogModel, UnitEconomics } from '../../api/types'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { formatPercent, formatUsd } from '../../lib/format'

export type { CatalogModel, UnitEconomics } from '../../api/types'

function useCatalogModels() {
  return useQuery({
    queryKey: ['staff', 'models'],
    queryFn: () => api.get<CatalogModel[]>('system/models/'),
  })
}

function ProviderPrice({ model }: { model: CatalogModel }) {
  if (model.model_type === 'image') {
    return model.cost_per_image === null ? <span className="muted">no price</span> : <>{formatUsd(model.cost_per_image)} / image</>
  }
  if (model.input_token_rate === null && model.output_token_rate === null) return <>-</>
  return <>{formatUsd(model.input_token_rate, 2)} in<br />{formatUsd(model.output_token_rate, 2)} out<br /><small className="muted">per 1M tokens</small></>
}

function Credits({ model }: { model: CatalogModel }) {
  if (model.credits_per_image !== null) return <>{model.credits_per_image} / image</>
  if (model.tokens_per_credit !== null) return <>1 per {model.tokens_per_credit.toLocaleString('en-US')} tokens</>
  return <>-</>
}

function Economics({ units }: { units: UnitEconomics[] }) {
  if (units.length === 0) return <span className="muted">not sold</span>
  return (
    <ul className="economics">
      {units.map((u) => (
        <li key={u.operation_type} className={u.sells_below_cost ? 'neg' : ''}>
          <span className="muted">{u.operation_type.replace(/_/g, ' ')}:</span>{' '}
          {formatUsd(u.price_usd)} per {u.unit} − {formatUsd(u.cost_usd)} cost ={' '}
          <strong>{formatUsd(u.margin_usd)}</strong> ({formatPercent(u.margin_percent)})
          {u.sells_below_cost && ' · sells below cost'}
        </li>
      ))}
    </ul>
  )
}

export function ModelsPage() {
  const models = useCatalogModels()
  return (
    <section>
      <h1>Models</h1>
      <p className="muted">
        The whole catalog: what each provider charges, what a customer pays in credits, and the margin per image
        or per credit for each operation.
      </p>
      {models.isPending ? <Loading /> : models.isError ? <ErrorNote error={models.error} /> : (
        <table className="table" data-testid="models">
          <thead>
            <tr><th>Model</th><th>Provider</th><th>Status</th><th>Provider price</th><th>Credits</th><th>Margin</th></tr>
          </thead>
          <tbody>
            {models.data.map((m) => (
              <tr key={m.id} className={m.is_active ? '' : 'inactive'}>
                <td>
                  {m.display_name}<br />
                  <small className="muted">{m.model_name} · {m.model_type}{m.quality_tier ? ` · ${m.quality_tier}` : ''}</small>
                </td>
                <td>{m.provider}</td>
                <td>{m.is_active ? 'active' : 'inactive'}{m.is_default ? ' · default' : ''}</td>
                <td><ProviderPrice model={m} /></td>
                <td><Credits model={m} /></td>
                <td><Economics units={m.economics} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
