import { useEffect } from 'react'
import { formatBytes, formatNumber } from '../format/format-values.ts'
import { PAGE_SIZE, useRecordsStore } from '../stores/records.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { RecordVersionChip } from './VersionBadge.tsx'

/** Browse one prefix a page at a time; each record's version, and the JSON of the selected one. */
export function RecordsPanel() {
  const status = useStatusStore((state) => state.status)
  const { prefix, records, nextAfter, cursors, selectedKey, loading } = useRecordsStore()
  const { open, next, previous, select } = useRecordsStore.getState()
  const prefixes = status?.counts.prefixes ?? []
  const target = status?.targetVersion ?? 0
  const selected = records.find((record) => record.key === selectedKey) ?? null
  const page = cursors.length
  const total = prefixes.find((group) => group.prefix === prefix)?.records ?? null

  // Open the first migrated prefix (tasks) as soon as the store is known.
  useEffect(() => {
    if (prefix !== null || prefixes.length === 0) return
    const first = prefixes.find((group) => group.versions !== null) ?? prefixes[0]
    if (first) void open(first.prefix)
  }, [prefix, prefixes, open])

  return (
    <section className="panel" id="records" aria-labelledby="records-title">
      <div className="panel-head">
        <h2 id="records-title" className="panel-title">
          Records
        </h2>
        <div className="actions">
          <label className="field-inline">
            <span>Prefix</span>
            <select value={prefix ?? ''} onChange={(event) => void open(event.target.value)} disabled={prefixes.length === 0}>
              {prefix === null && <option value="">Choose…</option>}
              {prefixes.map((group) => (
                <option key={group.prefix} value={group.prefix}>
                  {group.prefix} ({formatNumber(group.records)})
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="records">
        <div className="records-list">
          <ul className="record-list" role="listbox" aria-label={`Records under ${prefix ?? '…'}`} aria-busy={loading}>
            {records.map((record) => (
              <li
                key={record.key}
                role="option"
                aria-selected={record.key === selectedKey}
                tabIndex={record.key === selectedKey ? 0 : -1}
                onClick={() => select(record.key)}
                onKeyDown={(event) => {
                  const index = records.indexOf(record)
                  const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
                  const target = records[index + move]
                  if (move !== 0 && target) {
                    event.preventDefault()
                    select(target.key)
                    const sibling = move > 0 ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling
                    if (sibling instanceof HTMLElement) sibling.focus()
                  }
                }}
              >
                <span className="mono record-key">{record.key}</span>
                <RecordVersionChip version={record.version} target={target} />
              </li>
            ))}
            {records.length === 0 && !loading && prefix !== null && <li className="muted">No records under this prefix.</li>}
          </ul>
          <div className="pager">
            <button type="button" className="btn btn-small" onClick={() => void previous()} disabled={page <= 1 || loading}>
              ← Previous
            </button>
            <span className="muted small" aria-live="polite">
              Page {page}
              {total !== null ? ` of ${formatNumber(Math.max(1, Math.ceil(total / PAGE_SIZE)))}` : ''}
            </span>
            <button type="button" className="btn btn-small" onClick={() => void next()} disabled={nextAfter === null || loading}>
              Next →
            </button>
          </div>
        </div>
        <div className="record-detail">
          {selected ? (
            <>
              <p className="record-detail-head">
                <span className="mono">{selected.key}</span>
                <RecordVersionChip version={selected.version} target={target} />
                <span className="muted small">{formatBytes(selected.bytes)}</span>
              </p>
              <pre className="json" tabIndex={0} aria-label={`JSON of ${selected.key}`}>
                {typeof selected.value === 'string' ? selected.value : JSON.stringify(selected.value, null, 2)}
              </pre>
            </>
          ) : (
            <p className="muted">Select a record to see its JSON.</p>
          )}
        </div>
      </div>
    </section>
  )
}
