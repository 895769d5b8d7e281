import { useCallback, useEffect, useRef, useState } from 'react'
import type { JobImage } from '../../api/jobs'

export function imageSrc(image: JobImage): string | null {
  if (image.url) return image.url
  if (image.b64_json) return `data:image/png;base64,${image.b64_json}`
  return null
}

/** One image large, over the page; Escape, Close or a click beside it closes it. */
function ImageViewer({ image, src, name, onClose }: { image: JobImage; src: string; name: string; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    close.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <div className="viewer" role="dialog" aria-modal="true" aria-label={`Image: ${image.prompt}`}
      onClick={(e) => e.target === e.currentTarget && onClose()}>
      <figure>
        <img src={src} alt={image.prompt} />
        <figcaption>{image.revised_prompt ?? image.prompt}</figcaption>
      </figure>
      <div className="viewer-actions">
        <a className="button" href={src} download={name} target="_blank" rel="noopener noreferrer">Download</a>
        <button ref={close} type="button" onClick={onClose}>Close</button>
      </div>
    </div>
  )
}

/** The job's images: each can be enlarged and downloaded. */
export function ImageGallery({ images, baseName }: { images: JobImage[]; baseName: string }) {
  const [open, setOpen] = useState<number | null>(null)
  const buttons = useRef<(HTMLButtonElement | null)[]>([])
  // Focus goes back to the image that was enlarged, so a keyboard user keeps their place.
  const close = useCallback(() => {
    setOpen((current) => {
      if (current !== null) setTimeout(() => buttons.current[current]?.focus())
      return null
    })
  }, [])
  const name = (i: number) => `${baseName}-${i + 1}.png`
  const shown = open === null ? null : images[open]
  const shownSrc = shown ? imageSrc(shown) : null
  return (
    <>
      <ul className="images" aria-label="Images">
        {images.map((image, i) => {
          const src = imageSrc(image)
          return (
            <li key={i}>
              <figure>
                {src ? (
                  <button ref={(el) => { buttons.current[i] = el }} type="button" className="image-button" onClick={() => setOpen(i)} aria-label={`Enlarge image ${i + 1}: ${image.prompt}`}>
                    <img src={src} alt={image.prompt} />
                  </button>
                ) : <span className="muted">no image data</span>}
                <figcaption>{image.revised_prompt ?? image.prompt}</figcaption>
              </figure>
              {src && <a href={src} download={name(i)} target="_blank" rel="noopener noreferrer">Download image {i + 1}</a>}
            </li>
          )
        })}
      </ul>
      {shown && shownSrc && <ImageViewer image={shown} src={shownSrc} name={name(open!)} onClose={close} />}
    </>
  )
}
