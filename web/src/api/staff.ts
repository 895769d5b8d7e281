// The staff APIs behind the revenue, models, integrations and credits pages.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { API_ROOT, api, apiFetch } from './client'
import { providersKey } from './catalog'
import type { Schemas } from './types'

export type RevenueReport = Schemas['RevenueReport']
export type RevenueRow = Schemas['RevenueOutput']
export type RevenueFigures = Schemas['RevenueFigures']
export type Dimension = Schemas['ByEnum']
export type StaffAccount = Schemas['StaffAccountListOutput']
export type StaffAccountPage = Schemas['PaginatedStaffAccountListOutputList']
export type CreditChange = Schemas['CreditChangeOutput']
export type ModelChanges = Schemas['PatchedModelDetailInputRequest']
export type PriceChanges = Schemas['ModelEconomicsPreviewInputRequest']
export type EditedModel = Schemas['ModelOutput']
export type ProviderDetail = Schemas['ProviderDetailOutput']
export type ConnectionResult = Schemas['ProviderTestOutput']
export type UnitEconomics = Schemas['Economics']

export interface RevenueQuery {
  since: string
  until: string
  by: Dimension[]
  account?: number | null
}

/** The query string both the report and its CSV export take. */
export function revenueParams(query: RevenueQuery): string {
  const params = new URLSearchParams({ since: query.since, until: query.until, by: query.by.join(',') })
  if (query.account) params.set('account', String(query.account))
  return params.toString()
}

export function revenueCsvUrl(query: RevenueQuery): string {
  return `${API_ROOT}/admin/analytics/revenue/export/?${revenueParams(query)}`
}

export function useRevenue(query: RevenueQuery) {
  return useQuery({
    queryKey: ['staff', 'revenue', query],
    queryFn: () => api.get<RevenueReport>(`admin/analytics/revenue/?${revenueParams(query)}`),
    placeholderData: keepPreviousData,
  })
}

export const staffAccountsKey = ['staff', 'accounts'] as const

export function useStaffAccounts(search = '') {
  return useQuery({
    queryKey: [...staffAccountsKey, search],
    queryFn: () => api.get<StaffAccountPage>(`admin/accounts/?page_size=200&q=${encodeURIComponent(search)}`),
    placeholderData: keepPreviousData,
  })
}

export interface CreditChangeInput {
  kind: 'grant' | 'adjust'
  account: number
  credits: number
  reason: string
  /** One per intended change: a retry of the same change sends the same key and is not applied twice. */
  idempotencyKey: string
}

export function useCreditChange() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ kind, account, credits, reason, idempotencyKey }: CreditChangeInput) =>
      api.post<CreditChange>(`admin/credits/${kind}/`, { account, credits, reason, idempotency_key: idempotencyKey }),
    onSuccess: () => client.invalidateQueries({ queryKey: staffAccountsKey }),
  })
}

export type CatalogModel = Schemas['ModelCatalogOutput']
export const catalogModelsKey = ['staff', 'models'] as const

/** Every catalog model with its prices, credits and margins (staff). */
export function useCatalogModels() {
  return useQuery({ queryKey: catalogModelsKey, queryFn: () => api.get<CatalogModel[]>('system/models/') })
}

export function useUpdateModel() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: ModelChanges }) =>
      apiFetch<EditedModel>(`system/models/${id}/`, { method: 'PATCH', body: changes }),
    onSuccess: () => client.invalidateQueries({ queryKey: catalogModelsKey }),
  })
}

export function useMakeDefault() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.post<EditedModel>(`system/models/${id}/make-default/`),
    onSuccess: () => client.invalidateQueries({ queryKey: catalogModelsKey }),
  })
}

/** The margins the model would make at these prices (nothing is saved). */
export function useEconomicsPreview(id: number, prices: PriceChanges | null) {
  return useQuery({
    queryKey: ['staff', 'economics', id, prices],
    queryFn: () => api.post<UnitEconomics[]>(`system/models/${id}/economics/`, prices),
    enabled: prices !== null,
    placeholderData: keepPreviousData,
    retry: false,
  })
}

export function useUpdateProvider() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ providerId, changes }: { providerId: string; changes: { api_endpoint?: string; is_active?: boolean } }) =>
      apiFetch<ProviderDetail>(`system/providers/${encodeURIComponent(providerId)}/`, { method: 'PATCH', body: changes }),
    onSuccess: () => client.invalidateQueries({ queryKey: providersKey }),
  })
}

export function useTestConnection() {
  return useMutation({
    mutationFn: (providerId: string) => api.post<ConnectionResult>(`system/providers/${encodeURIComponent(providerId)}/test/`),
  })
}
