import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'

export type Theme = 'light' | 'dark' | 'system'
export const THEMES: Theme[] = ['light', 'dark', 'system']
export const RECORDS_PER_PAGE_CHOICES = [10, 25, 50, 100]
export const DEFAULT_RECORDS_PER_PAGE = 25

export interface PreferencesState {
  theme: Theme
  recordsPerPage: number
  setTheme: (theme: Theme) => void
  setRecordsPerPage: (n: number) => void
  /** Values read from the server win over what this browser remembered. */
  applyServer: (values: { theme?: unknown; recordsPerPage?: unknown }) => void
}

export const PREFERENCES_STORAGE_KEY = 'modelbank.preferences'

function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as string[]).includes(value)
}

function isRecordsPerPage(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 5 && value <= 200
}

export const usePreferences = create<PreferencesState>()(
  persist(
    (set) => ({
      theme: 'system',
      recordsPerPage: DEFAULT_RECORDS_PER_PAGE,
      setTheme: (theme) => set({ theme }),
      setRecordsPerPage: (recordsPerPage) => set({ recordsPerPage }),
      applyServer: ({ theme, recordsPerPage }) =>
        set((state) => ({
          theme: isTheme(theme) ? theme : state.theme,
          recordsPerPage: isRecordsPerPage(recordsPerPage) ? recordsPerPage : state.recordsPerPage,
        })),
    }),
    {
      name: PREFERENCES_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ theme: state.theme, recordsPerPage: state.recordsPerPage }),
    },
  ),
)

/** The theme to paint: "system" follows the operating system. */
export function resolveTheme(theme: Theme): 'light' | 'dark' {
  if (theme !== 'system') return theme
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}
