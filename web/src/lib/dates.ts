// Days as the API reads them: YYYY-MM-DD, in UTC.

const DAY_MS = 86_400_000

/** Today (UTC) minus `daysAgo` days, as YYYY-MM-DD. */
export function utcDate(daysAgo = 0, now = Date.now()): string {
  return new Date(now - daysAgo * DAY_MS).toISOString().slice(0, 10)
}

/** Every day from `since` to `until`, both included (empty if they are the wrong way round). */
export function daysFrom(since: string, until: string): string[] {
  const start = Date.parse(`${since}T00:00:00Z`)
  const end = Date.parse(`${until}T00:00:00Z`)
  if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) return []
  const days: string[] = []
  for (let t = start; t <= end && days.length <= 3660; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10))
  return days
}

/** A YYYY-MM-DD string that is a real day. */
export function isDay(value: string | null | undefined): value is string {
  return Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(`${value}T00:00:00Z`)))
}
