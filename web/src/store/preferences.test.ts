import { beforeEach, describe, expect, it } from 'vitest'
import { PREFERENCES_STORAGE_KEY, usePreferences } from './preferences'

const initial = usePreferences.getInitialState()

beforeEach(() => {
  localStorage.clear()
  usePreferences.setState(initial, true)
})

describe('the preferences store', () => {
  it('persists theme and records per page to localStorage', () => {
    usePreferences.getState().setTheme('dark')
    usePreferences.getState().setRecordsPerPage(50)
    const stored = JSON.parse(localStorage.getItem(PREFERENCES_STORAGE_KEY)!)
    expect(stored.state).toEqual({ theme: 'dark', recordsPerPage: 50 })
  })

  it('comes back from localStorage after a reload', async () => {
    localStorage.setItem(PREFERENCES_STORAGE_KEY, JSON.stringify({ state: { theme: 'light', recordsPerPage: 100 }, version: 1 }))
    await usePreferences.persist.rehydrate()
    expect(usePreferences.getState().theme).toBe('light')
    expect(usePreferences.getState().recordsPerPage).toBe(100)
  })

  it('takes the server values when valid and ignores anything else', () => {
    usePreferences.getState().applyServer({ theme: 'dark', recordsPerPage: 10 })
    expect(usePreferences.getState()).toMatchObject({ theme: 'dark', recordsPerPage: 10 })
    usePreferences.getState().applyServer({ theme: 'purple', recordsPerPage: 100000 })
    expect(usePreferences.getState()).toMatchObject({ theme: 'dark', recordsPerPage: 10 })
    expect(JSON.parse(localStorage.getItem(PREFERENCES_STORAGE_KEY)!).state.theme).toBe('dark')
  })
})
