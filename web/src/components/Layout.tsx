import { useEffect, useState } from 'react'
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { useLogout, useMe } from '../api/auth'
import { resolveTheme, usePreferences } from '../store/preferences'
import { usePreferencesSync } from '../api/preferences'
import { AccountSwitcher } from './AccountSwitcher'

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
  { to: '/tokens', label: 'API tokens' },
]
const STAFF_LINKS = [
  { to: '/staff/integrations', label: 'Integrations' },
  { to: '/staff/models', label: 'Models' },
  { to: '/staff/revenue', label: 'Revenue' },
  { to: '/staff/credits', label: 'Credits' },
  { to: '/staff/tokens', label: 'All API tokens' },
]

export function Layout() {
  useThemeOnDocument()
  usePreferencesSync()
  const me = useMe().data
  const logout = useLogout()
  const navigate = useNavigate()
  // On a phone the navigation folds behind a Menu button; it folds again after each choice.
  const [menuOpen, setMenuOpen] = useState(false)
  const { pathname } = useLocation()
  const [menuPath, setMenuPath] = useState(pathname)
  if (menuPath !== pathname) {
    setMenuPath(pathname)
    setMenuOpen(false)
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main"
        onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus() }}>Skip to content</a>
      <header className="topbar">
        <span className="brand">modelbank</span>
        <button type="button" className="menu-toggle secondary" aria-expanded={menuOpen} aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        {me && (
          <span className="who" data-testid="who">
            {me.username}
            {me.account ? ` · ${me.account.name}` : ''}
            {me.is_staff ? ' · staff' : ''}
          </span>
        )}
        <AccountSwitcher />
        {me && (
          <button type="button" className="link" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}>
            Log out
          </button>
        )}
      </header>
      <div className="body">
        <nav id="main-nav" className={`sidenav${menuOpen ? ' open' : ''}`} aria-label="Main">
          {LINKS.map((l) => <NavLink key={l.to} to={l.to}>{l.label}</NavLink>)}
          {me?.is_staff && (
            <>
              <span className="nav-group">Staff</span>
              {STAFF_LINKS.map((l) => <NavLink key={l.to} to={l.to}>{l.label}</NavLink>)}
            </>
          )}
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  )
}
