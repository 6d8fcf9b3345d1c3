import { formatBytes, formatNumber } from '../format/format-values.ts'
import { useCleanupStore } from '../stores/cleanup.store.ts'
import { SuccessCallout } from './SuccessCallout.tsx'

/** The outcome of the last "Clean up old backups" from this window: what went, and any listed backup that stayed. */
export function CleanupSummary() {
  const last = useCleanupStore((state) => state.lastCleanup)
  const dismiss = useCleanupStore((state) => state.dismissResult)
  if (!last) return null
  const { result, confirmed } = last
  const freed = result.deleted.reduce((sum, b) => sum + b.bytes, 0)
  const stayed = confirmed.filter((id) => !result.deleted.some((b) => b.id === id))
  return (
    <SuccessCallout
      label="Cleanup summary"
      title={`Deleted ${formatNumber(result.deleted.length)} old backup${result.deleted.length === 1 ? '' : 's'}, freeing ${formatBytes(freed)}`}
      onDismiss={dismiss}
    >
      <ul className="plain-list small">
        {result.deleted.map((backup) => (
          <li key={backup.id} className="mono muted">
            {backup.id}
          </li>
        ))}
        {stayed.map((id) => (
          <li key={id}>
            <span className="mono">{id}</span> stayed: {result.reasons[id] ?? 'the policy keeps it now'}
          </li>
        ))}
      </ul>
    </SuccessCallout>
  )
}
