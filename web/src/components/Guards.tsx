import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import { useMe } from '../api/auth'
import { ErrorNote, Loading } from './ErrorNote'

export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe()
  const location = useLocation()
  if (me.isPending) return <Loading />
  if (me.isError) return <ErrorNote error={me.error} />
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search)
    return <Navigate to={`/login?next=${next}`} replace />
  }
  return <>{children}</>
}

export function StaffOnlyNotice() {
  return (
    <section data-testid="staff-only">
      <h1>Staff only</h1>
      <p>This page is for platform staff. Ask a platform administrator if you need something changed here.</p>
    </section>
  )
}

/** Non-staff get the "staff only" page; the staff APIs refuse them anyway. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const me = useMe()
  if (me.isPending) return <Loading />
  if (!me.data?.is_staff) return <StaffOnlyNotice />
  return <>{children}</>
}
