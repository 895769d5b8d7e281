import type { ImageModel, QualityTier } from '../api/types'

/** One choice on Settings → Images. Deliberately carries no provider or model name. */
export interface ImageQualityOption {
  tier: QualityTier
  label: string
  creditsPerImage: number
  sizes: string[]
  isDefault: boolean
}

function tierLabel(tier: string): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1)
}

export function creditsPerImageText(credits: number): string {
  return `${credits} ${credits === 1 ? 'credit' : 'credits'}/image`
}

/**
 * The quality choices, built only from the API's image models: one per quality tier
 * (the tier's default model when several share it, else the first in catalog order),
 * cheapest first, labelled "Premium (15 credits/image)". A tier whose provider cannot serve
 * it now (inactive, or no key: `available` is false) is not offered.
 */
export function buildImageQualityOptions(models: ImageModel[]): ImageQualityOption[] {
  const byTier = new Map<QualityTier, ImageModel>()
  for (const model of models) {
    if (!model.quality_tier || !model.available) continue
    const current = byTier.get(model.quality_tier)
    if (!current || (model.is_default && !current.is_default)) byTier.set(model.quality_tier, model)
  }
  return [...byTier.entries()]
    .map(([tier, model]) => ({
      tier,
      label: `${tierLabel(tier)} (${creditsPerImageText(model.credits_per_image)})`,
      creditsPerImage: model.credits_per_image,
      sizes: [...model.valid_sizes],
      isDefault: model.is_default,
    }))
    .sort((a, b) => a.creditsPerImage - b.creditsPerImage)
}

/** The tier to show selected: the saved one if it is still offered, else the default. */
export function selectedTier(options: ImageQualityOption[], saved: string | null | undefined): QualityTier | null {
  const match = options.find((o) => o.tier === saved)
  if (match) return match.tier
  return (options.find((o) => o.isDefault) ?? options[0])?.tier ?? null
}
