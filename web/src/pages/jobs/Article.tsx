import { useMemo, useState } from 'react'
import { saveFile, slug } from '../../lib/download'
import { markdownTitle, renderMarkdown } from '../../lib/markdown'

/** An article written in Markdown: shown formatted, copied or downloaded as the Markdown itself. */
export function Article({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown])
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdown)
      setCopied('yes')
    } catch {
      setCopied('no')
    }
  }
  const download = () => saveFile(`${slug(markdownTitle(markdown), 'article')}.md`,
    new Blob([markdown], { type: 'text/markdown;charset=utf-8' }))
  return (
    <>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={copy}>Copy Markdown</button>
        <button type="button" className="secondary" onClick={download}>Download .md</button>
        <span role="status" className="muted">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying is blocked here: select the text instead.' : ''}
        </span>
      </div>
      {/* renderMarkdown sanitizes (DOMPurify): nothing from the model's answer can run. */}
      <article className="markdown" data-testid="article" dangerouslySetInnerHTML={{ __html: html }} />
    </>
  )
}
