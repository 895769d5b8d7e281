import { useId, useState, type FormEvent } from 'react'
import { keyStatus, useProviders, useSetProviderKey } from '../../api/catalog'
import { useTestConnection, useUpdateProvider } from '../../api/staff'
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

/** The provider's base URL and whether it is used; the server checks the URL against what the provider takes. */
function SettingsForm({ provider, onDone }: { provider: Provider; onDone: (saved: boolean) => void }) {
  const [endpoint, setEndpoint] = useState(provider.api_endpoint)
  const [active, setActive] = useState(provider.is_active)
  const update = useUpdateProvider()
  const id = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    update.mutate({ providerId: provider.provider_id, changes: { api_endpoint: endpoint.trim(), is_active: active } }, {
      onSuccess: () => onDone(true),
    })
  }
  return (
    <form onSubmit={submit} className="inline-form" aria-label={`Settings of ${provider.display_name}`}>
      <label htmlFor={`${id}-endpoint`}>Endpoint</label>
      <input id={`${id}-endpoint`} type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)}
        placeholder="empty: the provider's default" size={34} aria-invalid={Boolean(update.error)}
        aria-describedby={update.error ? `${id}-error` : undefined} />
      <label className="choice"><input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active</label>
      <button type="submit" disabled={update.isPending}>Save</button>
      <button type="button" className="link" onClick={() => onDone(false)}>Cancel</button>
      <div id={`${id}-error`}><ErrorNote error={update.error} /></div>
    </form>
  )
}

function ConnectionTest({ provider }: { provider: Provider }) {
  const test = useTestConnection()
  const result = test.data
  return (
    <div className="connection-test">
      <button type="button" className="link" onClick={() => test.mutate(provider.provider_id)} disabled={test.isPending}>
        {test.isPending ? 'Testing…' : 'Test connection'}
      </button>
      <span role="status" data-testid="connection-result">
        {result && (
          <span className={result.ok ? 'ok' : 'error'}>
            {result.ok ? 'Connected: ' : 'Failed: '}{result.message}
            {result.latency_ms !== null && <span className="muted"> ({result.latency_ms} ms)</span>}
          </span>
        )}
      </span>
      <ErrorNote error={test.error} />
    </div>
  )
}

function ProviderRow({ provider }: { provider: Provider }) {
  const [editing, setEditing] = useState<'key' | 'settings' | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const hasKey = provider.api_key_hint.startsWith('set')
  const done = (what: string) => (ok: boolean) => { setEditing(null); setSaved(ok ? what : null) }
  return (
    <tr data-testid={`provider-${provider.provider_id}`}>
      <td>{provider.display_name}<br /><small className="muted">{provider.provider_id} · {provider.provider_type}</small></td>
      <td>{provider.is_active ? <span className="badge ok">active</span> : <span className="badge">inactive</span>}</td>
      <td data-testid="key-status">
        {keyStatus(provider.api_key_hint)}
        {saved && <span className="ok" role="status"> · {saved} saved</span>}
      </td>
      <td>{provider.api_endpoint || <span className="muted">default endpoint</span>}</td>
      <td>
        {editing === 'key' && <KeyForm provider={provider} onDone={done('key')} />}
        {editing === 'settings' && <SettingsForm provider={provider} onDone={done('settings')} />}
        {editing === null && (
          <div className="inline-form">
            <button type="button" onClick={() => { setEditing('key'); setSaved(null) }}>{hasKey ? 'Rotate key' : 'Set key'}</button>
            <button type="button" className="link" onClick={() => { setEditing('settings'); setSaved(null) }}>Edit settings</button>
          </div>
        )}
        {provider.provider_type === 'ai' && <ConnectionTest provider={provider} />}
      </td>
    </tr>
  )
}

export function IntegrationsPage() {
  const providers = useProviders()
  return (
    <section>
      <h1>Integrations</h1>
      <p className="muted">
        Keys are stored encrypted and are never shown again: only their last four characters. “Test connection” makes
        one free call (listing models, or checking the key) with the stored key and endpoint.
      </p>
      {providers.isPending ? <Loading /> : providers.isError ? <ErrorNote error={providers.error} /> : (
        <table className="table">
          <thead><tr><th>Provider</th><th>Status</th><th>Key</th><th>Endpoint</th><th /></tr></thead>
          <tbody>{providers.data.map((p) => <ProviderRow key={p.provider_id} provider={p} />)}</tbody>
        </table>
      )}
    </section>
  )
}
