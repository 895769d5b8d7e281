import { useQuery } from '@tanstack/react-query'
import { api } from './client'
import type { Balance, TransactionPage, UsageDay } from './types'

export type { Balance, CreditTransaction, UsageDay } from './types'

export function useBalance() {
  return useQuery({ queryKey: ['billing', 'balance'], queryFn: () => api.get<Balance>('billing/balance/') })
}

export function useTransactions(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['billing', 'transactions', page, pageSize],
    queryFn: () => api.get<TransactionPage>(`billing/transactions/?page=${page}&page_size=${pageSize}`),
    placeholderData: (previous) => previous,
  })
}

export function useUsageSummary(days: number) {
  return useQuery({
    queryKey: ['billing', 'usage-summary', days],
    queryFn: () => {
      const since = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10)
      return api.get<UsageDay[]>(`billing/usage/summary/?since=${since}`)
    },
  })
}
