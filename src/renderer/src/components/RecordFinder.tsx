import { useState, type FormEvent } from 'react'
import { NO_FILTER, type RecordsFilter } from '../stores/records.store.ts'

interface Props {
  prefix: string | null
  filter: RecordsFilter
  /** The versions the prefix's records have (from the record counts), offered in the version filter. */
  versions: readonly number[]
  /** Why finding is not possible now (no connection), or null. */
  disabledReason: string | null
  onJump(key: string): void
  onFilter(filter: RecordsFilter): void
}

const versionValue = (version: RecordsFilter['version']): string => (version === null ? '' : String(version))
const versionFrom = (value: string): RecordsFilter['version'] => (value === '' ? null : value === 'invalid' ? 'invalid' : Number(value))

/**
 * Finding a record without paging to it: "Go to key" shows the page starting at the first key at or after the
 * one typed; the filters list only the records whose key or value holds a text, or of one version or invalid.
 */
export function RecordFinder({ prefix, filter, versions, disabledReason, onJump, onFilter }: Props) {
  const [jumpKey, setJumpKey] = useState('')
  const [draft, setDraft] = useState<RecordsFilter>(filter)
  const disabled = prefix === null || disabledReason !== null
  const filtered = filter.keyContains !== '' || filter.valueContains !== '' || filter.version !== null

  const jump = (event: FormEvent) => {
    event.preventDefault()
    if (jumpKey.trim() !== '') onJump(jumpKey.trim())
  }
  const apply = (event: FormEvent) => {
    event.preventDefault()
    onFilter(draft)
  }
  const clear = () => {
    setDraft(NO_FILTER)
    onFilter(NO_FILTER)
  }

  return (
    <div className="record-finder">
      <form className="finder-row" role="search" aria-label="Go to a key" onSubmit={jump}>
        <label className="field-inline">
          <span>Go to key</span>
          <input
            className="input-text mono"
            value={jumpKey}
            onChange={(event) => setJumpKey(event.target.value)}
            placeholder={prefix ? `${prefix}…` : ''}
            disabled={disabled}
            spellCheck={false}
            aria-describedby="jump-hint"
          />
        </label>
        <button type="submit" className="btn btn-small" disabled={disabled || jumpKey.trim() === ''} title={disabledReason ?? undefined}>
          Go
        </button>
        <span id="jump-hint" className="muted small">
          The page starts at the first key at or after it.
        </span>
      </form>
      <form className="finder-row" role="search" aria-label="Filter records" onSubmit={apply}>
        <label className="field-inline">
          <span>Key contains</span>
          <input
            className="input-text mono"
            value={draft.keyContains}
            onChange={(event) => setDraft({ ...draft, keyContains: event.target.value })}
            disabled={disabled}
            spellCheck={false}
          />
        </label>
        <label className="field-inline">
          <span>Value contains</span>
          <input
            className="input-text"
            value={draft.valueContains}
            onChange={(event) => setDraft({ ...draft, valueContains: event.target.value })}
            disabled={disabled}
            spellCheck={false}
          />
        </label>
        <label className="field-inline">
          <span>Version</span>
          <select
            value={versionValue(draft.version)}
            onChange={(event) => setDraft({ ...draft, version: versionFrom(event.target.value) })}
            disabled={disabled}
          >
            <option value="">Any</option>
            {versions.map((version) => (
              <option key={version} value={String(version)}>
                v{version}
              </option>
            ))}
            <option value="invalid">Invalid</option>
          </select>
        </label>
        <button type="submit" className="btn btn-small" disabled={disabled} title={disabledReason ?? undefined}>
          Filter
        </button>
        {filtered && (
          <button type="button" className="btn btn-small btn-ghost" onClick={clear} disabled={disabled}>
            Clear filter
          </button>
        )}
      </form>
    </div>
  )
}
