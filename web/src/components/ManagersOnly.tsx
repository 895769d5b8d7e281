import { useMe } from '../api/auth'

/** Whether the signed-in person may change account-wide settings (owners and admins); null until known. */
export function useCanManageAccount(): boolean | null {
  const me = useMe().data
  if (!me) return null
  return me.role === 'owner' || me.role === 'admin'
}

export function ManagersOnlyNote() {
  return <p className="warn" role="note">Only your account's owners and admins can change these settings.</p>
}
