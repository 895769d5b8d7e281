import { useId } from 'react'
import type { DateRange } from '../api/billing'
import { utcDate } from '../lib/dates'

const PRESETS = [7, 30, 90]

/** From/to day inputs (UTC days, both included) with "last N days" shortcuts. */
export function DateRangeFields({ value, onChange, label = 'Period' }: {
  value: DateRange
  onChange: (range: DateRange) => void
  label?: string
}) {
  const id = useId()
  return (
    <fieldset className="date-range">
      <legend>{label}</legend>
      <label htmlFor={`${id}-since`}>From</label>
      <input id={`${id}-since`} name="since" type="date" value={value.since} max={value.until} required
        onChange={(e) => e.target.value && onChange({ ...value, since: e.target.value })} />
      <label htmlFor={`${id}-until`}>to</label>
      <input id={`${id}-until`} name="until" type="date" value={value.until} min={value.since} required
        onChange={(e) => e.target.value && onChange({ ...value, until: e.target.value })} />
      <span className="presets">
        {PRESETS.map((days) => (
          <button key={days} type="button" className="secondary"
            aria-pressed={value.since === utcDate(days - 1) && value.until === utcDate(0)}
            onClick={() => onChange({ since: utcDate(days - 1), until: utcDate(0) })}>
            Last {days} days
          </button>
        ))}
      </span>
    </fieldset>
  )
}
