import { useState } from 'react'
import type { BackupComparison } from '../../../shared/backup-inspect.ts'
import type { RecordSummary } from '../../../shared/record-summary.ts'
import { formatBytes, formatDuration, formatNumber } from '../format/format-values.ts'
import { useBackupInspectStore } from '../stores/backup-inspect.store.ts'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { KeyListbox } from './KeyListbox.tsx'
import { SampleDiff } from './SampleDiff.tsx'
import { TableHead } from './TableHead.tsx'

const versionText = (version: number | null): string => (version === null ? 'not a JSON object' : `v${version}`)

/** The backup against the store now: the four counts, the changed records field by field, the keys added and removed. */
export function BackupComparisonView() {
  const backup = useBackupInspectStore((state) => state.backup)
  const prefix = useBackupInspectStore((state) => state.prefix)
  const comparison = useBackupInspectStore((state) => state.comparison)
  const busy = useOperationStore(busyReason)
  if (!backup) return null
  const where =
    prefix === '' ? (
      'every key'
    ) : (
      <>
        keys under <code>{prefix}</code>
      </>
    )
  return (
    <div className="comparison">
      <div className="comparison-head">
        <p className="small">
          {comparison ? (
            <>
              Compared {where} in {formatDuration(comparison.durationMs)}. <span className="muted">Nothing was written.</span>
            </>
          ) : (
            <>Compare {where} of this backup with the store as it is now: what was added, removed and changed since. The store is only read.</>
          )}
        </p>
        <button type="button" className="btn btn-primary btn-small" onClick={() => void useBackupInspectStore.getState().compare()} disabled={busy !== null}>
          {comparison ? 'Compare again' : 'Compare with store'}
        </button>
      </div>
      {comparison && <ComparisonResult comparison={comparison} />}
    </div>
  )
}

function ComparisonResult({ comparison }: { comparison: BackupComparison }) {
  const { counts } = comparison
  const [selectedKey, setSelectedKey] = useState<string | null>(comparison.changed[0]?.key ?? null)
  const selected = comparison.changed.find((record) => record.key === selectedKey) ?? comparison.changed[0] ?? null
  const rows: Array<[string, number, string, string]> = [
    ['Added', counts.added, 'in the store, not in the backup — a restore would delete them', 'added'],
    ['Removed', counts.removed, 'in the backup, no longer in the store — a restore would bring them back', 'removed'],
    ['Changed', counts.changed, 'another value now', 'changed'],
    ['Unchanged', counts.unchanged, 'byte for byte the same', 'same']
  ]
  return (
    <>
      <table className="table table-compact comparison-counts" aria-label="Comparison counts">
        <tbody>
          {rows.map(([label, count, meaning, tone]) => (
            <tr key={label} className={count > 0 ? `count-${tone}` : undefined}>
              <th scope="row">{label}</th>
              <td className="num strong">{formatNumber(count)}</td>
              <td className="muted small">{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {counts.added + counts.removed + counts.changed === 0 && (
        <p className="callout callout-success small">✓ The store holds exactly what the backup holds here.</p>
      )}
      {selected && (
        <div className="comparison-section">
          <h3 id="changed-title" className="subhead">
            Changed records <SampleNote shown={comparison.changed.length} total={counts.changed} />
          </h3>
          <div className="comparison-changed">
            <KeyListbox
              label="Changed records"
              items={comparison.changed.map((record) => ({
                key: record.key,
                aside: record.fields ? (
                  <span className="muted small nowrap">
                    {record.fields.length} {record.fields.length === 1 ? 'change' : 'changes'}
                  </span>
                ) : undefined
              }))}
              selectedKey={selected.key}
              onSelect={setSelectedKey}
              empty=""
            />
            <div className="record-detail">
              <p className="record-detail-head">
                <span className="mono">{selected.key}</span>
                <span className="muted small">
                  {versionText(selected.before.version)} → {versionText(selected.after.version)}
                </span>
              </p>
              <SampleDiff
                key={selected.key}
                sample={{ key: selected.key, before: selected.before.value, after: selected.after.value }}
                from={selected.before.version ?? 0}
                to={selected.after.version ?? 0}
                captions={{
                  before: `In the backup (${versionText(selected.before.version)})`,
                  after: `In the store now (${versionText(selected.after.version)})`
                }}
              />
            </div>
          </div>
        </div>
      )}
      <KeyTable title="Added since the backup" records={comparison.added} total={counts.added} />
      <KeyTable title="Removed since the backup" records={comparison.removed} total={counts.removed} />
    </>
  )
}

function SampleNote({ shown, total }: { shown: number; total: number }) {
  return <span className="muted small">{shown < total ? `first ${formatNumber(shown)} of ${formatNumber(total)}` : formatNumber(total)}</span>
}

function KeyTable({ title, records, total }: { title: string; records: readonly RecordSummary[]; total: number }) {
  if (records.length === 0) return null
  return (
    <div className="comparison-section">
      <h3 className="subhead">
        {title} <SampleNote shown={records.length} total={total} />
      </h3>
      <table className="table table-compact" aria-label={title}>
        <TableHead columns={['Key', 'Version', { label: 'Size', numeric: true }]} />
        <tbody>
          {records.map((record) => (
            <tr key={record.key}>
              <td className="mono">{record.key}</td>
              <td>{versionText(record.version)}</td>
              <td className="num">{formatBytes(record.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
