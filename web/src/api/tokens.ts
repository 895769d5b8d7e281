// API tokens: a member's own (auth/tokens/), or any account's for staff (admin/tokens/).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, apiFetch } from './client'
import type { Schemas } from './types'

export type ApiToken = Schemas['TokenOutput']
export type NewApiToken = Schemas['NewTokenOutput']
export type TokenPage = Schemas['PaginatedTokenOutputList']

/** Whose tokens: the caller's own, or (staff) one account's. */
export type TokenScope = { kind: 'mine' } | { kind: 'account'; account: number }

function root(scope: TokenScope): string {
  return scope.kind === 'mine' ? 'auth/tokens/' : 'admin/tokens/'
}

function tokensKey(scope: TokenScope) {
  return ['tokens', scope.kind === 'mine' ? 'mine' : scope.account] as const
}

export function useTokens(scope: TokenScope) {
  const list = scope.kind === 'mine' ? 'auth/tokens/?page_size=200' : `admin/tokens/?page_size=200&account=${scope.account}`
  return useQuery({
    queryKey: tokensKey(scope),
    queryFn: () => api.get<TokenPage>(list),
    placeholderData: keepPreviousData,
  })
}

export interface NewTokenInput {
  name: string
  allowed_models: string[]
  /** Staff only: the member the token acts for. */
  user?: number
}

export function useCreateToken(scope: TokenScope) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: NewTokenInput) =>
      api.post<NewApiToken>(root(scope), scope.kind === 'mine' ? input : { ...input, account: scope.account }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey(scope) }),
  })
}

export function useUpdateToken(scope: TokenScope) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: { name?: string; allowed_models?: string[] } }) =>
      apiFetch<ApiToken>(`${root(scope)}${id}/`, { method: 'PATCH', body: changes }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey(scope) }),
  })
}

export function useRevokeToken(scope: TokenScope) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.post<ApiToken>(`${root(scope)}${id}/revoke/`),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey(scope) }),
  })
}
