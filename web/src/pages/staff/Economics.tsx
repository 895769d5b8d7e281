import type { UnitEconomics } from '../../api/staff'
import { formatPercent, formatUsd } from '../../lib/format'

/** What a unit (an image, or a credit of tokens) sells for, costs, and leaves, per operation. */
export function Economics({ units }: { units: UnitEconomics[] }) {
  if (units.length === 0) return <span className="muted">not sold</span>
  return (
    <ul className="economics">
      {units.map((u) => (
        <li key={u.operation_type} className={u.sells_below_cost ? 'neg' : ''}>
          <span className="muted">{u.operation_type.replace(/_/g, ' ')}:</span>{' '}
          {u.cost_usd === null ? (
            <>{formatUsd(u.price_usd)} per {u.unit}; no provider price, so no margin</>
          ) : (
            <>
              {formatUsd(u.price_usd)} per {u.unit} − {formatUsd(u.cost_usd)} cost ={' '}
              <strong>{formatUsd(u.margin_usd)}</strong> ({formatPercent(u.margin_percent)})
              {u.sells_below_cost && ' · sells below cost'}
            </>
          )}
        </li>
      ))}
    </ul>
  )
}
