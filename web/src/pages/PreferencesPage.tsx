import type { FormEvent } from 'react'
import { useSavePreferences } from '../api/preferences'
import { ErrorNote } from '../components/ErrorNote'
import { RECORDS_PER_PAGE_CHOICES, THEMES, usePreferences, type Theme } from '../store/preferences'

export function PreferencesPage() {
  const { theme, recordsPerPage, setTheme, setRecordsPerPage } = usePreferences()
  const save = useSavePreferences()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate({ theme, recordsPerPage })
  }
  const perPageChoices = RECORDS_PER_PAGE_CHOICES.includes(recordsPerPage)
    ? RECORDS_PER_PAGE_CHOICES
    : [...RECORDS_PER_PAGE_CHOICES, recordsPerPage].sort((a, b) => a - b)

  return (
    <section>
      <h1>Preferences</h1>
      <p className="muted">Kept in this browser and saved to your account, so they follow you to other devices.</p>
      <form onSubmit={submit} className="card form">
        <label>
          Theme
          <select name="theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            {THEMES.map((t) => <option key={t} value={t}>{t === 'system' ? 'Same as my system' : t[0].toUpperCase() + t.slice(1)}</option>)}
          </select>
        </label>
        <label>
          Records per page
          <select name="records_per_page" value={recordsPerPage} onChange={(e) => setRecordsPerPage(Number(e.target.value))}>
            {perPageChoices.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <ErrorNote error={save.error} />
        {save.isSuccess && <p className="ok" role="status">Saved.</p>}
        <button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>
      </form>
    </section>
  )
}
