// Days as the API reads them: YYYY-MM-DD, in UTC.

const DAY_MS = 86_400_000

/** Today (UTC) minus `daysAgo` days, as YYYY-MM-DD. */
export function utcDate(daysAgo = 0, now = Date.now()): string {
  return new Date(now - daysAgo * DAY_MS).toISOString().slice(0, 10)
}

/** Every day from `since` to `until`, both included (empty if they are the wrong way round), at
 *  most the first `atMost` of them: a chart keeps a bound on its bars. */
export function daysFrom(since: string, until: string, atMost = 3661): string[] {
  const start = Date.parse(`${since}T00:00:00Z`)
  const end = Date.parse(`${until}T00:00:00Z`)
  if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) return []
  const count = Math.min(atMost, Math.round((end - start) / DAY_MS) + 1)
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10))
}

/** The first day of the UTC month after `now`'s, as YYYY-MM-DD: when a monthly budget starts again. */
export function nextMonthStart(now = Date.now()): string {
  const today = new Date(now)
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)).toISOString().slice(0, 10)
}

/** A YYYY-MM-DD day as a person reads it: "May 1", with the year when it is not this (UTC) year. */
export function dayInWords(day: string, now = Date.now()): string {
  const date = new Date(`${day}T00:00:00Z`)
  const sameYear = date.getUTCFullYear() === new Date(now).getUTCFullYear()
  return date.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: sameYear ? undefined : 'numeric', timeZone: 'UTC' })
}

/** A YYYY-MM-DD string that is a real day. */
export function isDay(value: string | null | undefined): value is string {
  return Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(`${value}T00:00:00Z`)))
}
