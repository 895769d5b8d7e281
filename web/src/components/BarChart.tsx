// A small stacked bar chart in plain SVG: one bar per day, one colour per series.

export interface ChartPoint {
  x: string
  series: string
  value: number
}

const PALETTE = ['#4f6df5', '#f59f4f', '#3fb68b', '#d65db1', '#8a8f98', '#c9b037', '#5bc0de']

interface Props {
  points: ChartPoint[]
  /** Every x to draw, in order, including those with no data (a day without usage). */
  categories?: string[]
  title: string
  height?: number
  unit?: string
  /** How a value reads (the top tick, each bar's tooltip); default: the number and `unit`. */
  format?: (value: number) => string
}

export function BarChart({ points, categories, title, height = 220, unit = '', format }: Props) {
  const show = format ?? ((v: number) => `${v}${unit}`)
  const xs = categories ?? [...new Set(points.map((p) => p.x))].sort()
  const series = [...new Set(points.map((p) => p.series))].sort()
  if (points.length === 0) return <p className="muted">No usage in this period.</p>
  const totals = xs.map((x) => points.filter((p) => p.x === x).reduce((sum, p) => sum + p.value, 0))
  const max = Math.max(1, ...totals)
  const barWidth = xs.length > 20 ? 16 : 28
  const gap = xs.length > 20 ? 6 : 12
  const left = 40
  const bottom = 24
  const width = left + xs.length * (barWidth + gap) + gap
  const scale = (v: number) => (v / max) * (height - bottom - 10)
  const colour = (s: string) => PALETTE[series.indexOf(s) % PALETTE.length]

  return (
    <figure className="chart">
      <svg width={width} height={height} role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`}>
        <title>{title}</title>
        <line x1={left} x2={width} y1={height - bottom} y2={height - bottom} className="axis" />
        <text x={left - 6} y={12} textAnchor="end" className="tick">{format ? format(max) : max}</text>
        <text x={left - 6} y={height - bottom} textAnchor="end" className="tick">0</text>
        {xs.map((x, i) => {
          let y = height - bottom
          const bx = left + gap + i * (barWidth + gap)
          return (
            <g key={x}>
              {series.map((s) => {
                const value = points.filter((p) => p.x === x && p.series === s).reduce((a, p) => a + p.value, 0)
                if (!value) return null
                const h = scale(value)
                y -= h
                return (
                  <rect key={s} x={bx} y={y} width={barWidth} height={h} fill={colour(s)}>
                    <title>{`${x} · ${s}: ${show(value)}`}</title>
                  </rect>
                )
              })}
              {(xs.length <= 20 || i % 5 === 0 || i === xs.length - 1) && (
                <text x={bx + barWidth / 2} y={height - 8} textAnchor="middle" className="tick">{x.slice(5)}</text>
              )}
            </g>
          )
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s}><i style={{ background: colour(s) }} /> {s}</span>
        ))}
      </figcaption>
    </figure>
  )
}
