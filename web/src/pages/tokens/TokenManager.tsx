import { useId, useState, type FormEvent } from 'react'
import {
  useCreateToken, useRevokeToken, useTokens, useUpdateToken, type ApiToken, type NewApiToken, type TokenScope,
} from '../../api/tokens'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { formatDateTime } from '../../lib/format'

export interface ModelChoice {
  name: string
  label: string
}

export interface Member {
  user: number
  username: string
}

interface Props {
  scope: TokenScope
  /** The models a token may be limited to. */
  models: ModelChoice[]
  /** Staff: the account's members, one of whom the new token acts for. */
  members?: Member[]
}

/** Checkboxes of model names; none ticked means the token may use every model. */
function ModelPicker({ models, value, onChange }: { models: ModelChoice[]; value: string[]; onChange: (v: string[]) => void }) {
  const toggle = (name: string) => onChange(value.includes(name) ? value.filter((n) => n !== name) : [...value, name])
  // A name the token already has but the catalog no longer lists stays visible, so it can be removed.
  const extra = value.filter((name) => !models.some((m) => m.name === name)).map((name) => ({ name, label: name }))
  return (
    <fieldset className="choices token-models">
      <legend>Models it may use <span className="muted">(none ticked: every model)</span></legend>
      {[...models, ...extra].map((m) => (
        <label key={m.name} className="choice">
          <input type="checkbox" checked={value.includes(m.name)} onChange={() => toggle(m.name)} />
          {m.label}
        </label>
      ))}
    </fieldset>
  )
}

function NewTokenNotice({ token, onDone }: { token: NewApiToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false)
  const copy = () => {
    void navigator.clipboard?.writeText(token.token).then(() => setCopied(true), () => setCopied(false))
  }
  return (
    <div className="card new-token" role="status">
      <p><strong>Copy the token “{token.name}” now: it is not shown again.</strong></p>
      <p><code data-testid="new-token">{token.token}</code></p>
      <div className="inline-form">
        <button type="button" onClick={copy}>Copy</button>
        {copied && <span className="ok">Copied.</span>}
        <button type="button" className="link" onClick={onDone}>Done</button>
      </div>
    </div>
  )
}

function CreateForm({ scope, models, members, onCreated }: Props & { onCreated: (t: NewApiToken) => void }) {
  const [name, setName] = useState('')
  const [allowed, setAllowed] = useState<string[]>([])
  const [user, setUser] = useState<number | ''>('')
  const create = useCreateToken(scope)
  const staff = members !== undefined
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate({ name, allowed_models: allowed, ...(staff && user !== '' ? { user } : {}) }, {
      onSuccess: (token) => { setName(''); setAllowed([]); onCreated(token) },
    })
  }
  return (
    <form className="form" onSubmit={submit} aria-label="New API token">
      {staff && (
        <label>Member
          <select value={user} onChange={(e) => setUser(e.target.value ? Number(e.target.value) : '')} required>
            <option value="">Choose a member…</option>
            {members.map((m) => <option key={m.user} value={m.user}>{m.username}</option>)}
          </select>
        </label>
      )}
      <label>Label
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="e.g. CI, laptop" />
      </label>
      <ModelPicker models={models} value={allowed} onChange={setAllowed} />
      <button type="submit" disabled={create.isPending || !name.trim() || (staff && user === '')}>Create token</button>
      <ErrorNote error={create.error} />
    </form>
  )
}

function EditForm({ scope, token, models, onDone }: { scope: TokenScope; token: ApiToken; models: ModelChoice[]; onDone: () => void }) {
  const [name, setName] = useState(token.name)
  const [allowed, setAllowed] = useState<string[]>(token.allowed_models)
  const update = useUpdateToken(scope)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    update.mutate({ id: token.id, changes: { name, allowed_models: allowed } }, { onSuccess: onDone })
  }
  return (
    <form className="form" onSubmit={submit} aria-label={`Edit token ${token.name}`}>
      <label>Label
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <ModelPicker models={models} value={allowed} onChange={setAllowed} />
      <div className="inline-form">
        <button type="submit" disabled={update.isPending || !name.trim()}>Save</button>
        <button type="button" className="link" onClick={onDone}>Cancel</button>
      </div>
      <ErrorNote error={update.error} />
    </form>
  )
}

function TokenRow({ scope, token, models, showUser }: { scope: TokenScope; token: ApiToken; models: ModelChoice[]; showUser: boolean }) {
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const revoke = useRevokeToken(scope)
  const live = token.revoked_at === null
  const labelled = (name: string) => models.find((m) => m.name === name)?.label ?? name
  return (
    <>
      <tr className={live ? '' : 'inactive'} data-testid={`token-${token.id}`}>
        <td>{token.name}</td>
        <td><code>…{token.last4}</code></td>
        {showUser && <td>{token.username}</td>}
        <td>{token.allowed_models.length ? token.allowed_models.map(labelled).join(', ') : <span className="muted">every model</span>}</td>
        <td>{formatDateTime(token.created_at)}</td>
        <td>{token.last_used_at ? formatDateTime(token.last_used_at) : <span className="muted">never</span>}</td>
        <td>{live ? <span className="badge ok">active</span> : <span className="badge">revoked {formatDateTime(token.revoked_at)}</span>}</td>
        <td className="actions">
          {live && !editing && <button type="button" className="link" onClick={() => setEditing(true)}>Edit</button>}
          {live && !confirming && <button type="button" className="link" onClick={() => setConfirming(true)}>Revoke</button>}
          {live && confirming && (
            <span className="inline-form">
              <button type="button" onClick={() => revoke.mutate(token.id)} disabled={revoke.isPending}>Revoke for good</button>
              <button type="button" className="link" onClick={() => setConfirming(false)}>Keep</button>
            </span>
          )}
          <ErrorNote error={revoke.error} />
        </td>
      </tr>
      {editing && (
        <tr><td colSpan={showUser ? 8 : 7}><EditForm scope={scope} token={token} models={models} onDone={() => setEditing(false)} /></td></tr>
      )}
    </>
  )
}

/** List, create (the token is shown once), label, limit to models and revoke API tokens. */
export function TokenManager({ scope, models, members }: Props) {
  const tokens = useTokens(scope)
  const [created, setCreated] = useState<NewApiToken | null>(null)
  const headingId = useId()
  const showUser = members !== undefined
  return (
    <div className="token-manager">
      {created && <NewTokenNotice token={created} onDone={() => setCreated(null)} />}
      <h2 id={headingId}>Tokens</h2>
      {tokens.isPending ? <Loading /> : tokens.isError ? <ErrorNote error={tokens.error} /> : tokens.data.count === 0 ? (
        <p className="muted">No API tokens yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-labelledby={headingId} data-testid="tokens">
            <thead>
              <tr>
                <th>Label</th><th>Token</th>{showUser && <th>Member</th>}<th>Models</th><th>Created</th><th>Last used</th>
                <th>Status</th><th />
              </tr>
            </thead>
            <tbody>
              {tokens.data.results.map((t) => <TokenRow key={t.id} scope={scope} token={t} models={models} showUser={showUser} />)}
            </tbody>
          </table>
        </div>
      )}
      <h2>New token</h2>
      <CreateForm scope={scope} models={models} members={members} onCreated={setCreated} />
    </div>
  )
}
