// Articles arrive as Markdown written by a model: parsed with marked, then sanitized with DOMPurify
// before they reach the page, so HTML or script in a model's answer is never run.
import DOMPurify from 'dompurify'
import { marked } from 'marked'

/** The Markdown as safe HTML: no scripts, event handlers, forms or frames; links open in a new tab. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false })
  const clean = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe'],
  })
  // Links in generated text go elsewhere: a new tab that cannot reach back to this one.
  const doc = new DOMParser().parseFromString(clean, 'text/html')
  for (const link of doc.querySelectorAll('a[href]')) {
    link.setAttribute('target', '_blank')
    link.setAttribute('rel', 'noopener noreferrer')
  }
  return doc.body.innerHTML
}

/** The article's title: its first heading, else its first line. */
export function markdownTitle(markdown: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/m.exec(markdown)
  const line = heading?.[1] ?? markdown.trim().split('\n')[0] ?? ''
  return line.replace(/[*_`[\]]/g, '').trim()
}
