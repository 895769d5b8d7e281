import { useState, type FormEvent } from 'react'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { useLogin, useMe } from '../api/auth'
import { ErrorNote } from '../components/ErrorNote'

function safeNext(next: string | null): string {
  // Only paths inside the app: never an absolute URL someone put in the link.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/usage'
}

export function LoginPage() {
  const [params] = useSearchParams()
  const me = useMe()
  const login = useLogin()
  const navigate = useNavigate()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const next = safeNext(params.get('next'))

  if (me.data) return <Navigate to={next} replace />

  const submit = (event: FormEvent) => {
    event.preventDefault()
    login.mutate({ username, password }, { onSuccess: () => navigate(next, { replace: true }) })
  }

  return (
    <main className="login">
      <form onSubmit={submit} className="card" aria-label="Log in">
        <h1>modelbank</h1>
        <label>
          Email
          {/* The API's field is still `username`: a person's username is their email. */}
          <input name="username" type="text" inputMode="email" autoComplete="username" autoCapitalize="none" spellCheck={false}
            autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password}
            onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <ErrorNote error={login.error} />
        <button type="submit" disabled={login.isPending}>{login.isPending ? 'Logging in…' : 'Log in'}</button>
      </form>
    </main>
  )
}
