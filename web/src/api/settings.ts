import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { aiModelsKey } from './catalog'
import type { EffectiveConfig, ModelSummary, Schemas } from './types'

export type { EffectiveConfig, ModelSummary } from './types'

export type IntegrationType = 'text_generation' | 'image_generation'

/** GET/PUT /system/settings/integrations/<type>/: the account's own override and the merged values. */
// `effective` is JSON whose fields depend on the kind (text, image or a provider's); the pages read
// these few, so they are named here over the generated type.
export type IntegrationSettings = Omit<Schemas['IntegrationSettingsOutput'], 'effective'> & {
  effective: Record<string, unknown> & { model?: ModelSummary | null; sources?: Record<string, string> }
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
