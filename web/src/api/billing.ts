import { useQuery } from '@tanstack/react-query'
import { api } from './client'
import type { Page } from './types'

export interface Balance {
  balance: number
  reserved: number
  available: number
}

export interface CreditTransaction {
  id: number
  transaction_type: string
  amount: number
  balance_after: number
  operation_type: string
  description: string
  created_at: string
}

/** One bar segment of the usage chart: credits used on a day with a model. */
export interface UsageDay {
  day: string
  model: string
  credits: number
  count: number
}

export function useBalance() {
  return useQuery({ queryKey: ['billing', 'balance'], queryFn: () => api.get<Balance>('billing/balance/') })
}

export function useTransactions(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['billing', 'transactions', page, pageSize],
    queryFn: () => api.get<Page<CreditTransaction>>(`billing/transactions/?page=${page}&page_size=${pageSize}`),
    placeholderData: (previous) => previous,
  })
}

export function useUsageSummary(days: number) {
  return useQuery({
    queryKey: ['billing', 'usage-summary', days],
    queryFn: async () => {
      const since = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10)
      const data = await api.get<UsageDay[] | { results: UsageDay[] }>(`billing/usage/summary/?since=${since}`)
      return Array.isArray(data) ? data : data.results
    },
  })
}
