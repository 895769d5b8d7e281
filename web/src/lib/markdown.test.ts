import { describe, expect, it } from 'vitest'
import { markdownTitle, renderMarkdown } from './markdown'
import { slug } from './download'

describe('renderMarkdown', () => {
  it('renders headings, emphasis, lists and tables', () => {
    const html = renderMarkdown('# Lighthouses\n\nThey **guide** ships.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n')
    expect(html).toContain('<h1>Lighthouses</h1>')
    expect(html).toContain('<strong>guide</strong>')
    expect(html).toContain('<li>one</li>')
    expect(html).toContain('<td>1</td>')
  })

  it('never lets HTML from the model run', () => {
    const html = renderMarkdown('Hi <script>alert(1)</script><img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>\n\n<iframe src="https://example.com"></iframe>')
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe/i)
  })

  it('opens links in a new tab that cannot reach back', () => {
    const html = renderMarkdown('[docs](https://example.com/a)')
    expect(html).toContain('href="https://example.com/a"')
    expect(html).toContain('target="_blank"')
    expect(html).toContain('rel="noopener noreferrer"')
  })
})

describe('titles and file names', () => {
  it('takes the first heading, else the first line', () => {
    expect(markdownTitle('Intro line\n\n## How *they* work\n\ntext')).toBe('How they work')
    expect(markdownTitle('Just text\nmore')).toBe('Just text')
  })

  it('makes a file name of a title', () => {
    expect(slug('How Lighthouses Work: A Guide!')).toBe('how-lighthouses-work-a-guide')
    expect(slug('???', 'article')).toBe('article')
  })
})
