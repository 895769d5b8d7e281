import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { aiModelsKey } from './catalog'

export type IntegrationType = 'text_generation' | 'image_generation'

export interface ModelSummary {
  id: number
  model_name: string
  display_name: string
}

/** GET/PUT /system/settings/integrations/<type>/: the account's own override and the merged values. */
export interface IntegrationSettings {
  integration_type: string
  kind: 'text' | 'image' | 'provider'
  override: { model: ModelSummary | null; config: Record<string, unknown> }
  effective: Record<string, unknown> & { model?: ModelSummary | null; sources?: Record<string, string> }
  ignored_fields?: string[]
}

/** GET /system/settings/effective/?function=...: what a function runs with, and where each value came from. */
export interface EffectiveConfig {
  function: string
  model: ModelSummary
  max_tokens: number | null
  temperature: number | null
  image: { style: string; quality: string; size: string; max_in_article_images: number }
  sources: Record<string, string>
}

export const integrationKey = (type: IntegrationType) => ['settings', 'integrations', type] as const

export function useIntegration(type: IntegrationType) {
  return useQuery({
    queryKey: integrationKey(type),
    queryFn: () => api.get<IntegrationSettings>(`system/settings/integrations/${type}/`),
  })
}


export function useSaveIntegration(type: IntegrationType) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      api.put<IntegrationSettings>(`system/settings/integrations/${type}/`, values),
    onSuccess: (data) => {
      client.setQueryData(integrationKey(type), data)
      client.invalidateQueries({ queryKey: aiModelsKey })
      client.invalidateQueries({ queryKey: ['settings', 'effective'] })
    },
  })
}

export function useEffective(fn: string) {
  return useQuery({
    queryKey: ['settings', 'effective', fn],
    queryFn: () => api.get<EffectiveConfig>(`system/settings/effective/?function=${encodeURIComponent(fn)}`),
  })
}
