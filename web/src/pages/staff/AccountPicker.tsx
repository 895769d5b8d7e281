import { useId, useState } from 'react'
import { useStaffAccounts, type StaffAccount } from '../../api/staff'
import { ErrorNote } from '../../components/ErrorNote'

interface Props {
  value: StaffAccount | null
  onChange: (account: StaffAccount | null) => void
  /** Offer "All accounts" (no filter) as the first choice. */
  allowAll?: boolean
}

/** Find an account by name or id, then choose it. */
export function AccountPicker({ value, onChange, allowAll = false }: Props) {
  const [search, setSearch] = useState('')
  const accounts = useStaffAccounts(search.trim())
  const id = useId()
  const found = accounts.data?.results ?? []
  // The chosen account stays choosable while a search hides it.
  const options = value && !found.some((a) => a.id === value.id) ? [value, ...found] : found
  return (
    <div className="inline-form account-picker">
      <label htmlFor={`${id}-search`}>Find account</label>
      <input id={`${id}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)}
        placeholder="name or id" />
      <label htmlFor={`${id}-account`}>Account</label>
      <select id={`${id}-account`} value={value?.id ?? ''}
        onChange={(e) => onChange(options.find((a) => a.id === Number(e.target.value)) ?? null)}>
        <option value="">{allowAll ? 'All accounts' : 'Choose an account…'}</option>
        {options.map((a) => <option key={a.id} value={a.id}>{a.name} (#{a.id})</option>)}
      </select>
      {accounts.data && accounts.data.count > found.length && (
        <span className="muted">showing {found.length} of {accounts.data.count}: narrow the search</span>
      )}
      <ErrorNote error={accounts.error} />
    </div>
  )
}
