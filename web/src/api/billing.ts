import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { saveFile } from '../lib/download'
import { ApiError, api, send, toErrorBody } from './client'
import type { Balance, TransactionPage, UsageDay, UsageLimit } from './types'

export type { Balance, CreditTransaction, UsageDay, UsageLimit } from './types'

/** Days, both included, as YYYY-MM-DD (UTC, as the API reads them). */
export interface DateRange {
  since: string
  until: string
}

/** The account's balance; fetched every two seconds while `live` (a job is running). */
export function useBalance(live = false) {
  return useQuery({
    queryKey: ['billing', 'balance'],
    queryFn: () => api.get<Balance>('billing/balance/'),
    refetchInterval: live ? 2000 : false,
  })
}

/** The budgets and rate limits that apply to the caller (the account's, their own, their tokens'),
 *  with what is used; like the balance, fetched every two seconds while `live`. */
export function useLimits(live = false) {
  return useQuery({
    queryKey: ['billing', 'limits'],
    queryFn: () => api.get<UsageLimit[]>('billing/limits/'),
    refetchInterval: live ? 2000 : false,
  })
}

function rangeParams(range: DateRange): URLSearchParams {
  return new URLSearchParams({ since: range.since, until: range.until })
}

export function useTransactions(page: number, pageSize: number, range: DateRange) {
  return useQuery({
    queryKey: ['billing', 'transactions', page, pageSize, range],
    queryFn: () => api.get<TransactionPage>(`billing/transactions/?page=${page}&page_size=${pageSize}&${rangeParams(range)}`),
    placeholderData: keepPreviousData,
  })
}

/** Credits per day per operation (what the account did, not which model did it), for the chart. */
export function useUsageSummary(range: DateRange) {
  return useQuery({
    queryKey: ['billing', 'usage-summary', range],
    queryFn: () => api.get<UsageDay[]>(`billing/usage/summary/?by=operation&${rangeParams(range)}`),
    placeholderData: keepPreviousData,
  })
}

export type Export = 'transactions' | 'usage'

/** Downloads the account's transactions or usage in the range as CSV. Fetched (not a plain link)
 *  so the request carries the chosen account's header, then handed to the browser as a file. */
export async function downloadExport(kind: Export, range: DateRange): Promise<void> {
  const response = await send(`billing/${kind}/export/?${rangeParams(range)}`, { accept: 'text/csv, application/json;q=0.9' })
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => null)
    throw new ApiError(response.status, toErrorBody(response.status, payload))
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `${kind}.csv`
  saveFile(name, await response.blob())
}
