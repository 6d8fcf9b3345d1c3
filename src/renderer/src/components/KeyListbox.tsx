import type { ReactNode } from 'react'

export interface KeyListItem {
  key: string
  /** Shown at the right of the key (a version chip, a size). */
  aside?: ReactNode
}

interface Props {
  label: string
  items: readonly KeyListItem[]
  selectedKey: string | null
  onSelect(key: string): void
  busy?: boolean
  empty: string
}

/** A list of keys to pick one from, by mouse or keyboard (arrows, Home, End): one tab stop, the selected key. */
export function KeyListbox({ label, items, selectedKey, onSelect, busy = false, empty }: Props) {
  const focusable = items.some((item) => item.key === selectedKey) ? selectedKey : (items[0]?.key ?? null)
  // A listbox may hold options only: with none, the reason stands in its place.
  if (items.length === 0 && !busy) {
    return <p className="record-list muted">{empty}</p>
  }
  return (
    <ul className="record-list" role="listbox" aria-label={label} aria-busy={busy}>
      {items.map((item, index) => (
        <li
          key={item.key}
          role="option"
          aria-selected={item.key === selectedKey}
          tabIndex={item.key === focusable ? 0 : -1}
          onClick={() => onSelect(item.key)}
          onKeyDown={(event) => {
            const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key]
            const target = to === undefined ? undefined : items[to]
            if (!target) return
            event.preventDefault()
            onSelect(target.key)
            const sibling = event.currentTarget.parentElement?.children[to ?? 0]
            if (sibling instanceof HTMLElement) sibling.focus()
          }}
        >
          <span className="mono record-key">{item.key}</span>
          {item.aside}
        </li>
      ))}
    </ul>
  )
}
