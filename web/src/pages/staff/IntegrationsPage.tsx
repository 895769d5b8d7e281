import { useState, type FormEvent } from 'react'
import { keyStatus, useProviders, useSetProviderKey } from '../../api/catalog'
import type { Provider } from '../../api/types'
import { ErrorNote, Loading } from '../../components/ErrorNote'

const SECRET_FIELDS = [
  { field: 'api_key', label: 'API key' },
  { field: 'api_secret', label: 'API secret' },
  { field: 'webhook_secret', label: 'Webhook secret' },
]

/** Write-only: the typed value is sent once and cleared; only "ends in 1234" ever comes back. */
function KeyForm({ provider, onDone }: { provider: Provider; onDone: (saved: boolean) => void }) {
  const [field, setField] = useState('api_key')
  const [value, setValue] = useState('')
  const setKey = useSetProviderKey()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setKey.mutate({ providerId: provider.provider_id, field, value }, {
      onSuccess: () => { setValue(''); onDone(true) },
    })
  }
  return (
    <form onSubmit={submit} className="inline-form" aria-label={`Set a key for ${provider.display_name}`}>
      <select aria-label="Which secret" value={field} onChange={(e) => setField(e.target.value)}>
        {SECRET_FIELDS.map((s) => <option key={s.field} value={s.field}>{s.label}</option>)}
      </select>
      <input type="password" name="secret" aria-label="New value" autoComplete="new-password" value={value}
        onChange={(e) => setValue(e.target.value)} required placeholder="paste the new key" />
      <button type="submit" disabled={setKey.isPending || !value}>Save key</button>
      <button type="button" className="link" onClick={() => onDone(false)}>Cancel</button>
      <ErrorNote error={setKey.error} />
    </form>
  )
}

function ProviderRow({ provider }: { provider: Provider }) {
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const hasKey = provider.api_key_hint.startsWith('set')
  return (
    <tr data-testid={`provider-${provider.provider_id}`}>
      <td>{provider.display_name}<br /><small className="muted">{provider.provider_type}</small></td>
      <td>{provider.is_active ? <span className="badge ok">active</span> : <span className="badge">inactive</span>}</td>
      <td data-testid="key-status">
        {keyStatus(provider.api_key_hint)}
        {saved && <span className="ok" role="status"> · saved</span>}
      </td>
      <td>{provider.api_endpoint || <span className="muted">default endpoint</span>}</td>
      <td>
        {editing
          ? <KeyForm provider={provider} onDone={(ok) => { setEditing(false); setSaved(ok) }} />
          : <button type="button" onClick={() => { setEditing(true); setSaved(false) }}>{hasKey ? 'Rotate key' : 'Set key'}</button>}
      </td>
    </tr>
  )
}

export function IntegrationsPage() {
  const providers = useProviders()
  return (
    <section>
      <h1>Integrations</h1>
      <p className="muted">Keys are stored encrypted and are never shown again: only their last four characters.</p>
      {providers.isPending ? <Loading /> : providers.isError ? <ErrorNote error={providers.error} /> : (
        <table className="table">
          <thead><tr><th>Provider</th><th>Status</th><th>Key</th><th>Endpoint</th><th /></tr></thead>
          <tbody>{providers.data.map((p) => <ProviderRow key={p.provider_id} provider={p} />)}</tbody>
        </table>
      )}
    </section>
  )
}
