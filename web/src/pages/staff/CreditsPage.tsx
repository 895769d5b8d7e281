import { useState, type FormEvent } from 'react'
import { useCreditChange, useStaffAccounts, type CreditChange, type StaffAccount } from '../../api/staff'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { formatCredits } from '../../lib/format'

const MAX_CREDITS = 1_000_000_000 // CREDITS_MAX_PER_OPERATION: the server refuses more, and says so

/** A random idempotency key (getRandomValues: randomUUID needs a secure context, plain http has none). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return `staff-ui-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** Grant (add) or adjust (add or remove, with a reason) one account's credits. */
function ChangeForm({ account, onDone }: { account: StaffAccount; onDone: () => void }) {
  const [kind, setKind] = useState<'grant' | 'adjust'>('grant')
  const [credits, setCredits] = useState('')
  const [reason, setReason] = useState('')
  // One key per intended change: pressing the button again after a network error retries the same
  // change (the ledger applies it once); a new change after a success gets a new key.
  const [key, setKey] = useState(newKey)
  const [done, setDone] = useState<CreditChange | null>(null)
  const change = useCreditChange()
  const amount = Number(credits)
  const valid = credits !== '' && Number.isInteger(amount) && amount !== 0 && Math.abs(amount) <= MAX_CREDITS
    && (kind === 'adjust' || amount > 0) && (kind === 'grant' || reason.trim() !== '')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    change.mutate({ kind, account: account.id, credits: amount, reason, idempotencyKey: key }, {
      onSuccess: (tx) => { setDone(tx); setCredits(''); setReason(''); setKey(newKey()) },
    })
  }
  return (
    <form className="form card" onSubmit={submit} aria-label={`Change the credits of ${account.name}`}>
      <h2>Credits of {account.name}</h2>
      <p className="muted">Balance {formatCredits(account.balance)}, available {formatCredits(account.available)}.</p>
      <fieldset className="choices">
        <legend>What to do</legend>
        <label className="choice"><input type="radio" name="kind" checked={kind === 'grant'} onChange={() => setKind('grant')} /> Grant credits (add)</label>
        <label className="choice"><input type="radio" name="kind" checked={kind === 'adjust'} onChange={() => setKind('adjust')} /> Adjust (add, or remove with a minus sign)</label>
      </fieldset>
      <label>Credits
        <input type="number" step={1} min={kind === 'grant' ? 1 : -MAX_CREDITS} max={MAX_CREDITS} value={credits}
          onChange={(e) => setCredits(e.target.value)} required />
      </label>
      <label>{kind === 'grant' ? 'Reason (optional)' : 'Reason'}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required={kind === 'adjust'}
          placeholder={kind === 'grant' ? 'e.g. Welcome credits' : 'e.g. Refund for a failed batch'} />
      </label>
      <div className="inline-form">
        <button type="submit" disabled={!valid || change.isPending}>{kind === 'grant' ? 'Grant' : 'Adjust'}</button>
        <button type="button" className="link" onClick={onDone}>Close</button>
      </div>
      {done && (
        <p role="status" className="ok">
          {done.amount > 0 ? 'Added' : 'Removed'} {formatCredits(Math.abs(done.amount))}: the balance is now {formatCredits(done.balance_after)}.
        </p>
      )}
      <ErrorNote error={change.error} />
    </form>
  )
}

export function CreditsPage() {
  const [search, setSearch] = useState('')
  const [chosen, setChosen] = useState<number | null>(null)
  const accounts = useStaffAccounts(search.trim())
  const account = accounts.data?.results.find((a) => a.id === chosen)
  return (
    <section>
      <h1>Credits</h1>
      <p className="muted">Grant credits to an account, or adjust its balance with a reason. Every change is a ledger entry.</p>
      <label className="inline-form">Find account
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name or id" />
      </label>
      {account && <ChangeForm key={account.id} account={account} onDone={() => setChosen(null)} />}
      {accounts.isPending ? <Loading /> : accounts.isError ? <ErrorNote error={accounts.error} /> : accounts.data.count === 0 ? (
        <p className="muted">No account matches.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="accounts">
            <thead>
              <tr><th>Account</th><th>Members</th><th className="num">Balance</th><th className="num">Held</th><th className="num">Available</th><th /></tr>
            </thead>
            <tbody>
              {accounts.data.results.map((a) => (
                <tr key={a.id} className={a.is_active ? '' : 'inactive'} data-testid={`account-${a.id}`}>
                  <td>{a.name}<br /><small className="muted">#{a.id}{a.is_active ? '' : ' · inactive'}</small></td>
                  <td>{a.members.map((m) => `${m.username} (${m.role})`).join(', ') || <span className="muted">none</span>}</td>
                  <td className="num">{a.balance.toLocaleString('en-US')}</td>
                  <td className="num">{a.reserved.toLocaleString('en-US')}</td>
                  <td className="num">{a.available.toLocaleString('en-US')}</td>
                  <td><button type="button" className="link" onClick={() => setChosen(a.id)}>Grant or adjust</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
