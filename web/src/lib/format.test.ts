import { describe, expect, it } from 'vitest'
import { formatCredits, formatUsd } from './format'

describe('formatting', () => {
  it('shows decimal USD strings without float noise', () => {
    expect(formatUsd('0.04000000')).toBe('$0.04')
    expect(formatUsd('0.01200000')).toBe('$0.012')
    expect(formatUsd('-0.00400000')).toBe('−$0.004')
    expect(formatUsd(null)).toBe('-')
  })

  it('counts credits in words', () => {
    expect(formatCredits(1)).toBe('1 credit')
    expect(formatCredits(1500)).toBe('1,500 credits')
  })
})
