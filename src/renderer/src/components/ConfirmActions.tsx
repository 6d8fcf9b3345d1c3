import type { ReactNode } from 'react'

interface Props {
  /** The safe choice, focused first ("Cancel", "Keep it"). */
  cancelLabel?: ReactNode
  confirmLabel: ReactNode
  /** `danger` for steps that delete or overwrite data. */
  tone?: 'danger' | 'primary'
  disabled?: boolean
  onCancel(): void
  onConfirm(): void
}

/** A confirmation dialog's buttons: the safe choice first and focused, then the step it confirms. */
export function ConfirmActions({ cancelLabel = 'Cancel', confirmLabel, tone = 'danger', disabled = false, onCancel, onConfirm }: Props) {
  return (
    <>
      <button type="button" className="btn" onClick={onCancel} data-autofocus>
        {cancelLabel}
      </button>
      <button type="button" className={`btn btn-${tone}`} disabled={disabled} onClick={onConfirm}>
        {confirmLabel}
      </button>
    </>
  )
}
