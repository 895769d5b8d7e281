import { describe, expect, it } from 'vitest'
import { dayInWords, daysFrom, isDay, nextMonthStart, utcDate } from './dates'

describe('days', () => {
  it('counts back from today in UTC', () => {
    const now = Date.parse('2026-03-01T23:30:00Z')
    expect(utcDate(0, now)).toBe('2026-03-01')
    expect(utcDate(1, now)).toBe('2026-02-28')
  })

  it('lists every day of a range, both ends included', () => {
    expect(daysFrom('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
    expect(daysFrom('2026-03-02', '2026-03-01')).toEqual([])
    expect(daysFrom('2026-03-01', 'not a day')).toEqual([])
  })

  it('keeps the first days of a long range when told how many at most', () => {
    expect(daysFrom('2025-01-01', '2026-12-31', 366)).toHaveLength(366)
    expect(daysFrom('2025-01-01', '2026-12-31', 366).at(-1)).toBe('2026-01-01')
    expect(daysFrom('2026-01-01', '2026-01-03', 366)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03'])
  })

  it('knows when the next UTC month starts, and says a day in words', () => {
    expect(nextMonthStart(Date.parse('2026-04-30T23:59:59Z'))).toBe('2026-05-01')
    expect(nextMonthStart(Date.parse('2026-12-15T00:00:00Z'))).toBe('2027-01-01')
    const now = Date.parse('2026-04-10T12:00:00Z')
    expect(dayInWords('2026-05-01', now)).toBe('May 1')
    expect(dayInWords('2027-01-01', now)).toBe('January 1, 2027')
  })

  it('knows a day from anything else', () => {
    expect(isDay('2026-01-31')).toBe(true)
    expect(isDay('2026-1-31')).toBe(false)
    expect(isDay('')).toBe(false)
    expect(isDay(null)).toBe(false)
  })
})
