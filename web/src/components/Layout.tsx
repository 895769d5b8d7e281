import { useEffect } from 'react'
import { NavLink, Outlet, useNavigate } from 'react-router'
import { useLogout, useMe } from '../api/auth'
import { resolveTheme, usePreferences } from '../store/preferences'
import { usePreferencesSync } from '../api/preferences'

function useThemeOnDocument() {
  const theme = usePreferences((s) => s.theme)
  useEffect(() => {
    document.documentElement.dataset.theme = resolveTheme(theme)
  }, [theme])
}

const LINKS = [
  { to: '/usage', label: 'Usage & credits' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/settings/ai', label: 'Settings → AI' },
  { to: '/settings/images', label: 'Settings → Images' },
  { to: '/preferences', label: 'Preferences' },
]
const STAFF_LINKS = [
  { to: '/staff/integrations', label: 'Integrations' },
  { to: '/staff/models', label: 'Models' },
]

export function Layout() {
  useThemeOnDocument()
  usePreferencesSync()
  const me = useMe().data
  const logout = useLogout()
  const navigate = useNavigate()

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">modelbank</span>
        {me && (
          <span className="who" data-testid="who">
            {me.username}
            {me.account ? ` · ${me.account.name}` : ''}
            {me.is_staff ? ' · staff' : ''}
          </span>
        )}
        {me && (
          <button type="button" className="link" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}>
            Log out
          </button>
        )}
      </header>
      <div className="body">
        <nav className="sidenav" aria-label="Main">
          {LINKS.map((l) => <NavLink key={l.to} to={l.to}>{l.label}</NavLink>)}
          {me?.is_staff && (
            <>
              <span className="nav-group">Staff</span>
              {STAFF_LINKS.map((l) => <NavLink key={l.to} to={l.to}>{l.label}</NavLink>)}
            </>
          )}
        </nav>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  )
}
