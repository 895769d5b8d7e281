import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { chooseAccount } from '../store/account'
import { ApiError, api, ensureCsrf } from './client'
import type { Me } from './types'

export const meKey = ['me'] as const

/** The signed-in user, or null when signed out (401/403 from /auth/me/). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.get<Me>('auth/me/')
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null
        throw error
      }
    },
    staleTime: 60_000,
    retry: false,
  })
}

export function useLogin() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (credentials: { username: string; password: string }) => {
      await ensureCsrf()
      chooseAccount(null) // a new sign-in starts in the person's first account
      return api.post<Me>('auth/login/', credentials)
    },
    onSuccess: (me) => {
      client.clear()
      client.setQueryData(meKey, me)
    },
  })
}

export function useLogout() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<void>('auth/logout/'),
    onSettled: () => {
      chooseAccount(null)
      client.clear()
      client.setQueryData(meKey, null)
    },
  })
}

/** Act in another of the person's accounts: every query is fetched again for it. */
export function useSwitchAccount() {
  const client = useQueryClient()
  return (accountId: number) => {
    chooseAccount(accountId)
    return client.resetQueries()
  }
}
