import type { EffectiveConfig } from '../../api/settings'
import { SourceTag } from './common'

/** The text settings a function resolves to, and the tier each was inherited from. */
export function EffectiveTable({ data }: { data: EffectiveConfig }) {
  const rows: [string, string, string | undefined][] = [
    ['Text model', data.model.display_name, data.sources.model],
    ['Temperature', data.temperature === null ? '-' : String(data.temperature), data.sources.temperature],
    ['Max tokens', data.max_tokens === null ? '-' : data.max_tokens.toLocaleString('en-US'), data.sources.max_tokens],
  ]
  return (
    <>
      <table className="table" data-testid="effective">
        <thead><tr><th>Setting</th><th>Value in use</th><th>Comes from</th></tr></thead>
        <tbody>
          {rows.map(([label, value, source]) => (
            <tr key={label}><td>{label}</td><td>{value}</td><td><SourceTag source={source} /></td></tr>
          ))}
        </tbody>
      </table>
      {data.sources.skipped && <p className="warn">Skipped: {data.sources.skipped}</p>}
    </>
  )
}
