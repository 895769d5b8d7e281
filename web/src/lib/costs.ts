// Cost before spending: the estimate in a sentence, and what can be done when credits are short.
import type { JobEstimate } from '../api/types'
import type { ImageQualityOption } from './imageOptions'

export function credits(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'credit' : 'credits'}`
}

export function tierName(tier: string | null | undefined): string {
  return tier ? tier.charAt(0).toUpperCase() + tier.slice(1) : 'Images'
}

/** "2 images × Quality = 10 credits (you have 28)", or for text the most it can hold. */
export function estimateSentence(estimate: JobEstimate): string {
  const have = `(you have ${estimate.available.toLocaleString('en-US')})`
  if (estimate.credits === null) return `Charged for what it uses ${have}.`
  if (estimate.images !== null) {
    const images = `${estimate.images} ${estimate.images === 1 ? 'image' : 'images'}`
    return `${images} × ${tierName(estimate.quality_tier)} = ${credits(estimate.credits)} ${have}`
  }
  return `Up to ${credits(estimate.credits)}: held while it runs, the most it can cost; you pay for what it uses ${have}`
}

export type FixKind = 'fewer' | 'tier' | 'settings' | 'contact'

export interface Fix {
  kind: FixKind
  text: string
  /** fewer: how many items fit; tier: the tier to choose. */
  count?: number
  tier?: string
}

interface Shortfall {
  needed: number
  available: number
  /** The estimate of the refused job, when known (it says what the credits were made of). */
  estimate?: JobEstimate | null
  /** The image tiers offered (Settings → Images), to find a cheaper one. */
  tiers?: ImageQualityOption[]
  modelType: 'text' | 'image' | string
  /** Owners and admins may change the account's settings; members ask them. */
  canManage: boolean
}

/** What would make a refused job fit: fewer items, a cheaper tier or model, or more credits. */
export function creditFixes({ needed, available, estimate, tiers = [], modelType, canManage }: Shortfall): Fix[] {
  const fixes: Fix[] = []
  const who = canManage ? '' : ' (ask an owner or admin of your account)'
  if (modelType === 'image' && estimate?.images && estimate.credits_per_image) {
    const perImage = estimate.credits_per_image
    const fit = Math.floor(available / perImage)
    if (fit >= 1 && fit < estimate.images) {
      fixes.push({ kind: 'fewer', count: fit, text: `Make ${fit} ${fit === 1 ? 'image' : 'images'} instead: ${credits(fit * perImage)}.` })
    }
    const cheaper = tiers
      .filter((t) => t.creditsPerImage < perImage && t.creditsPerImage * estimate.images! <= available)
      .sort((a, b) => b.creditsPerImage - a.creditsPerImage)[0]
    if (cheaper) {
      fixes.push({
        kind: 'tier', tier: cheaper.tier,
        text: `Choose ${tierName(cheaper.tier)} images in Settings → Images${who}: ${estimate.images} × ${tierName(cheaper.tier)} = ${credits(cheaper.creditsPerImage * estimate.images)}.`,
      })
    }
  } else if (modelType === 'text') {
    fixes.push({
      kind: 'settings',
      text: `Choose a cheaper text model or fewer max tokens in Settings → AI${who}: the hold is the most the model may write.`,
    })
  }
  const short = Math.max(0, needed - available)
  fixes.push({
    kind: 'contact',
    text: `Top up: ask the platform team to add at least ${credits(short)} to your account.`,
  })
  return fixes
}
