import { formatBytes } from '../format/format-values.ts'
import { useBackupInspectStore } from '../stores/backup-inspect.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { KeyListbox } from './KeyListbox.tsx'
import { RecordVersionChip } from './VersionBadge.tsx'

/** A backup's records under the chosen prefix, a page at a time, and the JSON of the selected one. */
export function BackupRecordsView() {
  const { backup, prefix, records, nextAfter, cursors, selectedKey, loading } = useBackupInspectStore()
  const { next, previous, select } = useBackupInspectStore.getState()
  const target = useStatusStore((state) => state.status?.targetVersion ?? 0)
  const selected = records.find((record) => record.key === selectedKey) ?? null
  if (!backup) return null
  return (
    <div className="records">
      <div className="records-list">
        <KeyListbox
          label={`Records of ${backup.id} under ${prefix === '' ? 'every key' : prefix}`}
          items={records.map((record) => ({ key: record.key, aside: <RecordVersionChip version={record.version} target={target} /> }))}
          selectedKey={selectedKey}
          onSelect={select}
          busy={loading}
          empty={prefix === '' ? 'This backup holds no records.' : `No records under ${prefix} in this backup.`}
        />
        <div className="pager">
          <button type="button" className="btn btn-small" onClick={() => void previous()} disabled={cursors.length <= 1 || loading}>
            ← Previous
          </button>
          <span className="muted small" aria-live="polite">
            Page {cursors.length}
            {nextAfter === null && records.length > 0 ? ' (last)' : ''}
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
            <pre className="json" tabIndex={0} aria-label={`JSON of ${selected.key} in the backup`}>
              {typeof selected.value === 'string' ? selected.value : JSON.stringify(selected.value, null, 2)}
            </pre>
          </>
        ) : (
          <p className="muted">{loading ? 'Reading the backup…' : 'Select a record to see its JSON.'}</p>
        )}
      </div>
    </div>
  )
}
