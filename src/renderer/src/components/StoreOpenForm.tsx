import { useId, useState, type FormEvent } from 'react'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { chooseStore, openStore } from '../stores/store-switch.ts'

/** What the host will refuse anyway (INVALID_INPUT), said while typing: a path relative to the host's own folder. */
export function typedPathProblem(typed: string): string | null {
  const trimmed = typed.trim()
  if (trimmed === '') return null
  return /^(\/|~(\/|\\|$)|[A-Za-z]:[\\/]|\\\\)/.test(trimmed) ? null : 'Type the full path, starting with / or ~/'
}

interface Props {
  /** Called once a store is open (the dialog around the form closes). */
  onOpened?(): void
  /** Focus the path field at once (the form is the whole screen). */
  autoFocus?: boolean
}

/**
 * Opening a store: its path typed (the web app has no folder picker), a recent store picked, or, on the desktop,
 * the native folder picker. A store that cannot be opened is said in the error banner; the open one stays.
 */
export function StoreOpenForm({ onOpened, autoFocus = false }: Props) {
  const info = useStatusStore((state) => state.info)
  const busy = useOperationStore(busyReason)
  const [typed, setTyped] = useState('')
  const hintId = useId()
  const problem = typedPathProblem(typed)
  const recent = info?.recentStores.filter((dir) => dir !== info.dataDir) ?? []

  const open = async (dataDir: string): Promise<void> => {
    if (await openStore(dataDir)) {
      setTyped('')
      onOpened?.()
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (typed.trim() !== '' && !problem) void open(typed.trim())
  }

  return (
    <div className="store-open">
      <form className="store-open-row" aria-label="Open a data directory" onSubmit={submit}>
        <label className="field-stacked">
          <span>Data directory</span>
          <input
            className="input-text input-path mono"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder="/var/lib/meridian/data"
            spellCheck={false}
            autoComplete="off"
            autoFocus={autoFocus}
            data-autofocus={autoFocus ? true : undefined}
            aria-invalid={problem ? true : undefined}
            aria-describedby={hintId}
            disabled={busy !== null}
          />
        </label>
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={busy !== null || typed.trim() === '' || problem !== null}
          title={busy ?? undefined}
        >
          Open
        </button>
        {info?.canChooseFolder && (
          <button type="button" className="btn btn-small" onClick={() => void chooseStore().then(() => onOpened?.())} disabled={busy !== null}>
            Choose folder…
          </button>
        )}
      </form>
      <p id={hintId} className={problem ? 'field-problem small' : 'muted small'} role={problem ? 'alert' : undefined}>
        {problem ?? 'The folder that holds the store’s CURRENT file. Reading it writes nothing; it is remembered among the recent stores.'}
      </p>
      {recent.length > 0 && (
        <div className="recent-stores">
          <h3 className="eyebrow">Recent stores</h3>
          <ul>
            {recent.map((dir) => (
              <li key={dir}>
                <button type="button" className="btn-link mono" onClick={() => void open(dir)} disabled={busy !== null} aria-label={`Open ${dir}`}>
                  {dir}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
