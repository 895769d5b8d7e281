import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import type { AIModels, Provider } from './types'

export const aiModelsKey = ['ai-models'] as const

export function useAIModels() {
  return useQuery({ queryKey: aiModelsKey, queryFn: () => api.get<AIModels>('system/ai-models/') })
}

export const providersKey = ['staff', 'providers'] as const

export function useProviders() {
  return useQuery({ queryKey: providersKey, queryFn: () => api.get<Provider[]>('system/providers/') })
}

export function useSetProviderKey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ providerId, field, value }: { providerId: string; field: string; value: string }) =>
      api.put<void>(`system/providers/${encodeURIComponent(providerId)}/key/`, { field, value }),
    onSuccess: () => client.invalidateQueries({ queryKey: providersKey }),
  })
}

/** "set, ends in 1234" → "key set, ends in 1234"; "not set" → "no key". */
export function keyStatus(hint: string | undefined): string {
  if (!hint || hint === 'not set') return 'no key'
  if (hint.startsWith('set')) return `key ${hint}`
  return hint
}
