import { useId } from 'react'
import { useMe, useSwitchAccount } from '../api/auth'

/** For people in several accounts: which one they act in (sent as X-Account-Id). Nothing for one account. */
export function AccountSwitcher() {
  const me = useMe().data
  const switchTo = useSwitchAccount()
  const id = useId()
  const accounts = me?.accounts ?? []
  if (!me?.account || accounts.length < 2) return null
  return (
    <span className="account-switcher">
      <label htmlFor={id}>Account</label>
      <select id={id} name="account" value={me.account.id} onChange={(e) => switchTo(Number(e.target.value))}>
        {accounts.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.role})</option>)}
      </select>
    </span>
  )
}
