import { useEffect, useId, useRef, type ReactNode } from 'react'

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

interface DialogProps {
  open: boolean
  title: string
  onClose(): void
  children: ReactNode
  /** The buttons row; mark the one to focus first with `data-autofocus` (the safe choice, e.g. Cancel). */
  actions: ReactNode
  tone?: 'default' | 'danger'
  /** Room for a table (the cleanup list, a downgrade's losses). */
  wide?: boolean
}

/**
 * A modal on the native <dialog>: showModal() makes the page behind inert (focus stays inside), Escape closes it,
 * and the opener gets focus back when it closes.
 */
export function Dialog({ open, title, onClose, children, actions, tone = 'default', wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const opener = useRef<Element | null>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      opener.current = document.activeElement
      dialog.showModal()
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    } else if (!open && dialog.open) {
      dialog.close()
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus()
    }
  }, [open])

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
      onKeyDown={(event) => {
        // showModal() makes the page inert, but Tab past the last control would leave for the browser's own UI:
        // wrap around instead, so focus never leaves the dialog.
        if (event.key !== 'Tab' || !ref.current) return
        const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.hasAttribute('disabled'))
        const first = focusable[0]
        const last = focusable.at(-1)
        if (!first || !last) return
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault()
          last.focus()
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault()
          first.focus()
        }
      }}
    >
      {open && (
        <>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">{actions}</div>
        </>
      )}
    </dialog>
  )
}
