import { describeRestoreMethod } from '../../../shared/restore-method.ts'
import { formatDuration, formatNumber } from '../format/format-values.ts'
import { useBackupsStore } from '../stores/backups.store.ts'
import { BackupLink } from './BackupLink.tsx'
import { SuccessCallout } from './SuccessCallout.tsx'

/** The outcome of the last restore run from this window, with the way back (its pre-restore backup). */
export function RestoreSummary() {
  const result = useBackupsStore((state) => state.lastRestore)
  if (!result) return null
  return (
    <SuccessCallout
      label="Restore summary"
      title={`Restored ${result.backupId}: v${result.fromVersion} → v${result.toVersion}`}
      onDismiss={() => useBackupsStore.setState({ lastRestore: null })}
    >
      <ul className="plain-list small">
        <li>{describeRestoreMethod(result, formatDuration(result.durationMs), formatNumber)}</li>
        <li>
          The state before the restore was saved as <BackupLink id={result.preRestoreBackupId} />
        </li>
      </ul>
    </SuccessCallout>
  )
}
