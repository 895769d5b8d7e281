/** Hands a file to the browser's downloads. */
export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The download has started by the time the click returns; the URL is freed a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** "A short history of lighthouses" → "a-short-history-of-lighthouses" (for file names). */
export function slug(text: string, fallback = 'file'): string {
  const words = text.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')
  return words.slice(0, 60).replace(/-+$/, '') || fallback
}
