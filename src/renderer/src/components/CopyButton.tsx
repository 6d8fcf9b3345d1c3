import { useEffect, useRef, useState } from 'react'

interface Props {
  /** What is copied. */
  text: string
  /** The button's words ("Copy key"); what was copied is named in the confirmation ("Key copied"). */
  label: string
  what: string
}

/** Copies `text` to the clipboard, then says so beside the button (announced politely) for a few seconds. */
export function CopyButton({ text, label, what }: Props) {
  const [said, setSaid] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    []
  )
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setSaid(`${what} copied`)
    } catch (error) {
      setSaid(`Could not copy: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => setSaid(null), 4_000)
  }
  return (
    <span className="copy">
      <button type="button" className="btn btn-small btn-ghost" onClick={() => void copy()}>
        {label}
      </button>
      <span className="muted small" role="status">
        {said ?? ''}
      </span>
    </span>
  )
}
