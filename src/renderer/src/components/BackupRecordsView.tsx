import { useBackupInspectStore } from '../stores/backup-inspect.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { KeyListbox } from './KeyListbox.tsx'
import { Pager } from './Pager.tsx'
import { RecordDetail } from './RecordDetail.tsx'
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
        <Pager
          position={`Page ${cursors.length}${nextAfter === null && records.length > 0 ? ' (last)' : ''}`}
          canGoBack={cursors.length > 1}
          canGoOn={nextAfter !== null}
          busy={loading}
          onPrevious={() => void previous()}
          onNext={() => void next()}
        />
      </div>
      <RecordDetail
        record={selected}
        target={target}
        whereLabel="in the backup"
        placeholder={loading ? 'Reading the backup…' : 'Select a record to see its JSON.'}
      />
    </div>
  )
}
