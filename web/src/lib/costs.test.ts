import { describe, expect, it } from 'vitest'
import type { JobEstimate } from '../api/types'
import { creditFixes, estimateSentence } from './costs'
import type { ImageQualityOption } from './imageOptions'

const images: JobEstimate = {
  function: 'generate_images', credits: 10, worst_case: false, images: 2, credits_per_image: 5,
  quality_tier: 'quality', max_tokens: null, available: 28, enough: true,
}
const text: JobEstimate = {
  function: 'generate_content', credits: 57, worst_case: true, images: null, credits_per_image: null,
  quality_tier: null, max_tokens: 8192, available: 28, enough: false,
}
const tiers: ImageQualityOption[] = [
  { tier: 'basic', label: 'Basic (1 credit/image)', creditsPerImage: 1, sizes: [], isDefault: false },
  { tier: 'quality', label: 'Quality (5 credits/image)', creditsPerImage: 5, sizes: [], isDefault: true },
  { tier: 'premium', label: 'Premium (15 credits/image)', creditsPerImage: 15, sizes: [], isDefault: false },
]

describe('the estimate before Start', () => {
  it('says images as count × tier = credits, with the balance', () => {
    expect(estimateSentence(images)).toBe('2 images × Quality = 10 credits (you have 28)')
    expect(estimateSentence({ ...images, images: 1, credits: 15, quality_tier: 'premium', credits_per_image: 15 }))
      .toBe('1 image × Premium = 15 credits (you have 28)')
  })

  it('says text is the worst case held while it runs', () => {
    expect(estimateSentence(text)).toBe('Up to 57 credits: held while it runs, the most it can cost; you pay for what it uses (you have 28)')
  })
})

describe('what to do when credits are short', () => {
  it('offers fewer images, a cheaper tier that fits, and a top-up', () => {
    const premium = { ...images, images: 3, credits: 45, credits_per_image: 15, quality_tier: 'premium', available: 20, enough: false }
    const fixes = creditFixes({ needed: 45, available: 20, estimate: premium, tiers, modelType: 'image', canManage: true })
    expect(fixes.map((f) => f.kind)).toEqual(['fewer', 'tier', 'contact'])
    expect(fixes[0]).toMatchObject({ count: 1, text: 'Make 1 image instead: 15 credits.' })
    expect(fixes[1]).toMatchObject({ tier: 'quality', text: 'Choose Quality images in Settings → Images: 3 × Quality = 15 credits.' })
    expect(fixes[2].text).toBe('Top up: ask the platform team to add at least 25 credits to your account.')
  })

  it('tells a member to ask an owner or admin, and offers no tier that would not fit', () => {
    expect(creditFixes({ needed: 10, available: 1, estimate: images, tiers, modelType: 'image', canManage: false })
      .map((f) => f.kind)).toEqual(['contact']) // 2 × Basic = 2 would not fit either
    const fixes = creditFixes({ needed: 10, available: 2, estimate: images, tiers, modelType: 'image', canManage: false })
    expect(fixes.map((f) => f.kind)).toEqual(['tier', 'contact'])
    expect(fixes[0].text).toContain('Basic')
    expect(fixes[0].text).toContain('(ask an owner or admin of your account)')
  })

  it('points text at a cheaper model or fewer tokens', () => {
    const fixes = creditFixes({ needed: 57, available: 28, estimate: text, modelType: 'text', canManage: true })
    expect(fixes.map((f) => f.kind)).toEqual(['settings', 'contact'])
  })
})
