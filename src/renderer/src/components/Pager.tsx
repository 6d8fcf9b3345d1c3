import type { ReactNode } from 'react'

interface Props {
  /** What the pager says between its buttons ("Page 2 of 40"); announced politely when it changes. */
  position: ReactNode
  canGoBack: boolean
  canGoOn: boolean
  /** While a page loads, both buttons wait. */
  busy: boolean
  onPrevious(): void
  onNext(): void
}

/** Previous / position / Next under a paged list. */
export function Pager({ position, canGoBack, canGoOn, busy, onPrevious, onNext }: Props) {
  return (
    <div className="pager">
      <button type="button" className="btn btn-small" onClick={onPrevious} disabled={!canGoBack || busy}>
        ← Previous
      </button>
      <span className="muted small" aria-live="polite">
        {position}
      </span>
      <button type="button" className="btn btn-small" onClick={onNext} disabled={!canGoOn || busy}>
        Next →
      </button>
    </div>
  )
}
