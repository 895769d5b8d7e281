export function formatCredits(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-'
  return `${n.toLocaleString('en-US')} ${Math.abs(n) === 1 ? 'credit' : 'credits'}`
}

/** USD arrives as a decimal string ("0.040000"); show it without float rounding surprises. */
export function formatUsd(value: string | number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || value === '') return '-'
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) return String(value)
  const fixed = Math.abs(n).toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1')
  return `${n < 0 ? '−' : ''}$${fixed}`
}

export function formatPercent(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-'
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? `${n.toFixed(1)} %` : String(value)
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '-'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}
