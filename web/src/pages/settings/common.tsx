const SOURCE_WORDS: Record<string, string> = {
  user: 'your personal setting',
  account: "your account's setting",
  global: 'the platform default',
  catalog: 'the catalog default',
}

/** Where a merged value came from: user, account, global (platform) or catalog. */
export function SourceTag({ source }: { source: string | undefined }) {
  if (!source) return null
  return <span className="source" data-source={source}>{SOURCE_WORDS[source] ?? source}</span>
}

export function SavedNote({ ignored, show }: { ignored: string[] | undefined; show: boolean }) {
  if (!show) return null
  const list = ignored ?? []
  return (
    <p className="ok" role="status">
      Saved.
      {list.length > 0 && ` Ignored: ${list.join(', ')} (keys are set by platform staff only).`}
    </p>
  )
}
