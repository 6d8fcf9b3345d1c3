import { useEffect } from 'react'
import type { StoreCounts } from '../../../shared/store-status.ts'
import { formatNumber } from '../format/format-values.ts'
import { useOperationStore } from '../stores/operation.store.ts'
import { isFiltered, PAGE_SIZE, useRecordsStore, type PagePosition, type RecordsFilter } from '../stores/records.store.ts'
import { countsSoFar, useStatusStore } from '../stores/status.store.ts'
import { KeyListbox } from './KeyListbox.tsx'
import { Pager } from './Pager.tsx'
import { RecordDetail } from './RecordDetail.tsx'
import { RecordFinder } from './RecordFinder.tsx'
import { RecordRepair, RepairReport } from './RecordRepair.tsx'
import { RecordVersionChip } from './VersionBadge.tsx'

/** While the status is unknown: one empty list, the same at every render (the effect below depends on it). */
const NO_PREFIXES: readonly string[] = []

/** What the pager says: the page's number when known, else where it starts; with a filter, how far it read. */
function pagePosition(
  page: number | null,
  pages: number | null,
  position: PagePosition,
  filter: RecordsFilter,
  found: number,
  scanned: number,
  stopped: boolean
): string {
  if (isFiltered(filter)) {
    const read = `${formatNumber(found)} matching of ${formatNumber(scanned)} read`
    return stopped ? `${read}; stopped scanning after ${formatNumber(scanned)} records without filling the page` : read
  }
  if (page !== null) return `Page ${page}${pages !== null ? ` of ${formatNumber(pages)}` : ''}`
  return position.at === 'start' ? 'First page' : position.at === 'before' ? 'Page before' : `From ${position.key}`
}

/** A prefix as the chooser lists it: with its records once they are counted ("task: (1,000)"). */
function optionLabel(prefix: string, counts: StoreCounts | null): string {
  const records = counts?.prefixes.find((group) => group.prefix === prefix)?.records
  return records === undefined ? prefix : `${prefix} (${formatNumber(records)})`
}

/** The versions a prefix's records have, from the record counts ("1", "2", … beside "invalid"). */
function versionsOf(versions: Record<string, number> | null | undefined): number[] {
  return Object.keys(versions ?? {})
    .map(Number)
    .filter((version) => Number.isInteger(version) && version > 0)
    .sort((a, b) => a - b)
}

/**
 * Browse one prefix a page at a time by cursor, jump to a key or filter; each record's version, and the JSON of
 * the selected one.
 */
export function RecordsPanel() {
  const status = useStatusStore((state) => state.status)
  const { prefix, records, nextAfter, previousBefore, pageNumber, position, filter, scanned, scanStopped, selectedKey, loading } = useRecordsStore()
  const { open, next, previous, select, jumpTo, setFilter } = useRecordsStore.getState()
  const hostLost = useOperationStore((state) => state.hostLost)
  const prefixes = status?.prefixes ?? NO_PREFIXES
  const versionedPrefixes = status?.versionedPrefixes ?? NO_PREFIXES
  // The records of each prefix once counted (the count comes after the status): the pager's page count, the version filter.
  const counts = countsSoFar(useStatusStore((state) => state.counts))
  const target = status?.targetVersion ?? 0
  const selected = records.find((record) => record.key === selectedKey) ?? null
  const shown = counts?.prefixes.find((candidate) => candidate.prefix === prefix)
  const total = shown?.records ?? null
  const pages = total !== null ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : null
  const noConnection = hostLost ? 'Lost connection to the host: finding records waits until it is back.' : null

  // Open the first migrated prefix (tasks) as soon as the store is known.
  useEffect(() => {
    if (prefix !== null || prefixes.length === 0) return
    const first = prefixes.find((candidate) => versionedPrefixes.includes(candidate)) ?? prefixes[0]
    if (first) void open(first)
  }, [prefix, prefixes, versionedPrefixes, open])

  return (
    <section className="panel" id="records" aria-labelledby="records-title">
      <div className="panel-head">
        <h2 id="records-title" className="panel-title">
          Records
        </h2>
        <div className="actions">
          <label className="field-inline">
            <span>Prefix</span>
            <select value={prefix ?? ''} onChange={(event) => void open(event.target.value)} disabled={prefixes.length === 0 || hostLost}>
              {prefix === null && <option value="">Choose…</option>}
              {prefixes.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {optionLabel(candidate, counts)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <RecordFinder
        prefix={prefix}
        filter={filter}
        versions={versionsOf(shown?.versions)}
        disabledReason={noConnection}
        onJump={(key) => void jumpTo(key)}
        onFilter={(next) => void setFilter(next)}
      />
      <div className="records">
        <div className="records-list">
          <KeyListbox
            label={`Records under ${prefix ?? '…'}`}
            items={records.map((record) => ({ key: record.key, aside: <RecordVersionChip version={record.version} target={target} /> }))}
            selectedKey={selectedKey}
            onSelect={select}
            busy={loading}
            empty={
              prefix === null
                ? 'Choose a prefix to see its records.'
                : isFiltered(filter)
                  ? scanStopped
                    ? 'No matching records among those read so far: Next reads on.'
                    : 'No matching records here.'
                  : position.at === 'start'
                    ? 'No records under this prefix.'
                    : 'No records here.'
            }
          />
          <Pager
            position={pagePosition(pageNumber, pages, position, filter, records.length, scanned, scanStopped)}
            canGoBack={previousBefore !== null}
            canGoOn={nextAfter !== null}
            busy={loading || hostLost}
            onPrevious={() => void previous()}
            onNext={() => void next()}
          />
        </div>
        <div id="record-view" className="record-view" tabIndex={-1} aria-label="Record view">
          <RepairReport />
          <RecordDetail record={selected} target={target} placeholder="Select a record to see its JSON.">
            {(record, text) => <RecordRepair key={record.key} recordKey={record.key} text={text} />}
          </RecordDetail>
        </div>
      </div>
    </section>
  )
}
