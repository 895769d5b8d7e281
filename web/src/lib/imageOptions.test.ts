import { describe, expect, it } from 'vitest'
import type { ImageModel } from '../api/types'
import { buildImageQualityOptions, selectedTier } from './imageOptions'

// Names that must never reach the options: every provider and model string in the data.
const models: ImageModel[] = [
  { id: 1, model_name: 'acme:97@1', display_name: 'Acme Turbo', quality_tier: 'basic', is_default: false, credits_per_image: 1, valid_sizes: ['1024x1024', '1280x768'], available: true },
  { id: 2, model_name: 'pix-3', display_name: 'PixCorp Pix 3', quality_tier: 'quality', is_default: true, credits_per_image: 5, valid_sizes: ['1024x1024', '1792x1024'], available: true },
  { id: 3, model_name: 'vendor:4@2', display_name: 'Vendor Imagen (via Acme)', quality_tier: 'premium', is_default: false, credits_per_image: 15, valid_sizes: ['1024x1024', '1376x768'], available: true },
]

describe('buildImageQualityOptions', () => {
  it('labels each tier with its credits per image, cheapest first', () => {
    expect(buildImageQualityOptions(models).map((o) => o.label)).toEqual([
      'Basic (1 credit/image)',
      'Quality (5 credits/image)',
      'Premium (15 credits/image)',
    ])
  })

  it('shows no provider or model name', () => {
    const text = JSON.stringify(buildImageQualityOptions(models))
    for (const m of models) {
      expect(text).not.toContain(m.model_name)
      expect(text).not.toContain(m.display_name)
    }
    for (const word of ['Acme', 'PixCorp', 'Vendor', 'Imagen']) expect(text).not.toContain(word)
  })

  it('follows the API: credits, sizes and the default come from the data', () => {
    const changed = models.map((m) => (m.quality_tier === 'premium' ? { ...m, credits_per_image: 20, valid_sizes: ['512x512'], available: true } : m))
    const premium = buildImageQualityOptions(changed).find((o) => o.tier === 'premium')!
    expect(premium.label).toBe('Premium (20 credits/image)')
    expect(premium.sizes).toEqual(['512x512'])
    const options = buildImageQualityOptions(models)
    expect(options.find((o) => o.isDefault)?.tier).toBe('quality')
    expect(selectedTier(options, null)).toBe('quality')
    expect(selectedTier(options, 'premium')).toBe('premium')
    expect(selectedTier(options, 'retired-tier')).toBe('quality')
  })

  it('prefers the default model when two share a tier, and skips models without a tier', () => {
    const extra: ImageModel[] = [
      ...models,
      { id: 4, model_name: 'other', display_name: 'Other', quality_tier: 'premium', is_default: true, credits_per_image: 12, valid_sizes: ['1024x1024'], available: true },
      { id: 5, model_name: 'untiered', display_name: 'Untiered', quality_tier: null, is_default: false, credits_per_image: 2, valid_sizes: [], available: true },
    ]
    const options = buildImageQualityOptions(extra)
    expect(options).toHaveLength(3)
    expect(options.find((o) => o.tier === 'premium')?.label).toBe('Premium (12 credits/image)')
  })

  it('offers nothing when the API lists no image models', () => {
    expect(buildImageQualityOptions([])).toEqual([])
    expect(selectedTier([], 'premium')).toBeNull()
  })

  it('does not offer a tier its provider cannot serve now', () => {
    const offline = models.map((m) => (m.quality_tier === 'premium' ? { ...m, available: false } : m))
    expect(buildImageQualityOptions(offline).map((o) => o.tier)).toEqual(['basic', 'quality'])
    expect(selectedTier(buildImageQualityOptions(offline), 'premium')).toBe('quality')
  })
})
