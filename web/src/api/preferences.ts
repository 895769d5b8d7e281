import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from './client'
import type { UserSetting } from './types'
import { useMe } from './auth'
import { usePreferences, type Theme } from '../store/preferences'


export const userSettingsKey = ['settings', 'user'] as const

export function useUserSettings(enabled = true) {
  return useQuery({
    queryKey: userSettingsKey,
    enabled,
    queryFn: async () => {
      const rows = await api.get<UserSetting[]>('system/settings/user/')
      return Object.fromEntries(rows.map((r) => [r.key, r.value ?? {}])) as Record<string, Record<string, unknown>>
    },
  })
}

/** Once per sign-in, the server's saved preferences replace what this browser remembered. */
export function usePreferencesSync() {
  const me = useMe().data
  const settings = useUserSettings(Boolean(me))
  const applyServer = usePreferences((s) => s.applyServer)
  useEffect(() => {
    if (!settings.data) return
    applyServer({
      theme: settings.data.user_preferences?.theme,
      recordsPerPage: settings.data.table_settings?.records_per_page,
    })
  }, [settings.data, applyServer])
}

/** Saves theme and records per page, keeping the other fields of each record. */
export function useSavePreferences() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async ({ theme, recordsPerPage }: { theme: Theme; recordsPerPage: number }) => {
      const current = client.getQueryData<Record<string, Record<string, unknown>>>(userSettingsKey) ?? {}
      await api.put('system/settings/user/', {
        key: 'user_preferences',
        value: { ...(current.user_preferences ?? {}), theme },
      })
      await api.put('system/settings/user/', {
        key: 'table_settings',
        value: { ...(current.table_settings ?? {}), records_per_page: recordsPerPage },
      })
    },
    onSuccess: () => client.invalidateQueries({ queryKey: userSettingsKey }),
  })
}
