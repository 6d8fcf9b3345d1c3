import type { ReactNode } from 'react'

interface Props {
  /** What screen readers call the region ("Migration summary"). */
  label: string
  title: ReactNode
  /** The facts under the title (counts, durations, the backup to go back to). */
  children?: ReactNode
  onDismiss(): void
}

/** The outcome of an operation that succeeded, announced politely, until the person dismisses it. */
export function SuccessCallout({ label, title, children, onDismiss }: Props) {
  return (
    <div className="callout callout-success" role="status" aria-label={label}>
      <div>
        <p className="callout-title">
          <span aria-hidden="true">✓ </span>
          {title}
        </p>
        {children}
      </div>
      <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
