import { useState } from 'react'
import { useCatalogModels, type StaffAccount } from '../../api/staff'
import { ErrorNote, Loading } from '../../components/ErrorNote'
import { TokenManager, type ModelChoice } from '../tokens/TokenManager'
import { AccountPicker } from './AccountPicker'

/** Staff: the API tokens of any account, for any of its members. */
export function StaffTokensPage() {
  const [account, setAccount] = useState<StaffAccount | null>(null)
  const catalog = useCatalogModels()
  const models: ModelChoice[] = (catalog.data ?? []).filter((m) => m.is_active)
    .map((m) => ({ name: m.model_name, label: `${m.display_name} (${m.model_name})` }))
  return (
    <section>
      <h1>All API tokens</h1>
      <p className="muted">Create, label, limit and revoke the API tokens of any account. A token acts for one member.</p>
      <AccountPicker value={account} onChange={setAccount} />
      {account === null ? <p className="muted">Choose an account to see its tokens.</p>
        : catalog.isPending ? <Loading /> : catalog.isError ? <ErrorNote error={catalog.error} /> : (
          <TokenManager key={account.id} scope={{ kind: 'account', account: account.id }} models={models}
            members={account.members.map((m) => ({ user: m.user, username: m.username }))} />
        )}
    </section>
  )
}
