import { describe, expect, it } from 'vitest'
import { daysFrom, isDay, utcDate } from './dates'

describe('days', () => {
  it('counts back from today in UTC', () => {
    const now = Date.parse('2026-03-01T23:30:00Z')
    expect(utcDate(0, now)).toBe('2026-03-01')
    expect(utcDate(1, now)).toBe('2026-02-28')
  })

  it('lists every day of a range, both ends included', () => {
    expect(daysFrom('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
    expect(daysFrom('2026-03-02', '2026-03-01')).toEqual([])
  })

  it('knows a day from anything else', () => {
    expect(isDay('2026-01-31')).toBe(true)
    expect(isDay('2026-1-31')).toBe(false)
    expect(isDay('')).toBe(false)
    expect(isDay(null)).toBe(false)
  })
})
