import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BarChart } from './BarChart'

describe('BarChart', () => {
  it('stacks one bar per day by series and keeps empty days', () => {
    const { container } = render(
      <BarChart title="Credits per day" categories={['2026-01-01', '2026-01-02', '2026-01-03']} points={[
        { x: '2026-01-01', series: 'model-a', value: 5 },
        { x: '2026-01-01', series: 'model-b', value: 15 },
        { x: '2026-01-03', series: 'model-a', value: 1 },
      ]} />,
    )
    expect(screen.getByRole('img', { name: 'Credits per day' })).toBeInTheDocument()
    expect(container.querySelectorAll('rect')).toHaveLength(3)
    expect(screen.getByText('01-02')).toBeInTheDocument()
    expect(screen.getByText('model-b')).toBeInTheDocument()
    const heights = Array.from(container.querySelectorAll('rect')).map((r) => Number(r.getAttribute('height')))
    expect(heights[1]).toBeCloseTo(heights[0] * 3)
  })

  it('says so when there is nothing to draw', () => {
    render(<BarChart title="Credits per day" points={[]} categories={['2026-01-01']} />)
    expect(screen.getByText('No usage in this period.')).toBeInTheDocument()
  })
})
