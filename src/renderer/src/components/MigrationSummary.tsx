import { formatDuration, formatNumber } from '../format/format-values.ts'
import { useMigrationStore } from '../stores/migration.store.ts'
import { BackupLink } from './BackupLink.tsx'
import { FieldReportTable } from './FieldReportTable.tsx'
import { SuccessCallout } from './SuccessCallout.tsx'

/** The outcome of the last migration run from this window. */
export function MigrationSummary() {
  const result = useMigrationStore((state) => state.lastResult)
  const dismiss = useMigrationStore((state) => state.dismissResult)
  if (!result) return null
  return (
    <SuccessCallout
      label="Migration summary"
      title={
        result.status === 'up-to-date'
          ? `Schema is up to date (v${result.to})`
          : result.to < result.from
            ? `Downgrade completed successfully: v${result.from} → v${result.to}`
            : `Migration completed successfully: v${result.from} → v${result.to}`
      }
      onDismiss={dismiss}
    >
      {result.status === 'migrated' && (
        <ul className="plain-list small">
          <li>
            {formatNumber(result.itemsMigrated)} items migrated in {formatDuration(result.durationMs)}
          </li>
          {result.steps.map((step) => (
            <li key={`${step.from}-${step.to}`} className="muted">
              v{step.from} → v{step.to}: {formatNumber(step.items)} items ({step.name})
            </li>
          ))}
          {result.backupId && (
            <li>
              Backup created: <BackupLink id={result.backupId} />
            </li>
          )}
        </ul>
      )}
      {result.status === 'migrated' && <FieldReportTable fields={result.fields} />}
    </SuccessCallout>
  )
}
