import { useEffect } from 'react'
import type { StoreStatus } from '../../../shared/store-status.ts'
import { formatNumber } from '../format/format-values.ts'
import { PAGE_SIZE, useRecordsStore } from '../stores/records.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { KeyListbox } from './KeyListbox.tsx'
import { Pager } from './Pager.tsx'
import { RecordDetail } from './RecordDetail.tsx'
import { RecordVersionChip } from './VersionBadge.tsx'

/** While the status is unknown: one empty list, the same at every render (the effect below depends on it). */
const NO_PREFIXES: StoreStatus['counts']['prefixes'] = []

/** Browse one prefix a page at a time; each record's version, and the JSON of the selected one. */
export function RecordsPanel() {
  const status = useStatusStore((state) => state.status)
  const { prefix, records, nextAfter, cursors, selectedKey, loading } = useRecordsStore()
  const { open, next, previous, select } = useRecordsStore.getState()
  const prefixes = status?.counts.prefixes ?? NO_PREFIXES
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
          <KeyListbox
            label={`Records under ${prefix ?? '…'}`}
            items={records.map((record) => ({ key: record.key, aside: <RecordVersionChip version={record.version} target={target} /> }))}
            selectedKey={selectedKey}
            onSelect={select}
            busy={loading}
            empty={prefix === null ? 'Choose a prefix to see its records.' : 'No records under this prefix.'}
          />
          <Pager
            position={`Page ${page}${total !== null ? ` of ${formatNumber(Math.max(1, Math.ceil(total / PAGE_SIZE)))}` : ''}`}
            canGoBack={page > 1}
            canGoOn={nextAfter !== null}
            busy={loading}
            onPrevious={() => void previous()}
            onNext={() => void next()}
          />
        </div>
        <RecordDetail record={selected} target={target} placeholder="Select a record to see its JSON." />
      </div>
    </section>
  )
}
