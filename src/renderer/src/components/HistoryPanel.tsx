import type { HistoryEntry, HistoryStatus } from '../../../shared/history.ts'
import { formatDateTime, formatDuration, formatNumber, formatRelative } from '../format/format-values.ts'
import { useHistoryStore } from '../stores/history.store.ts'
import { BackupLink } from './BackupLink.tsx'

const statusLooks: Record<HistoryStatus, { icon: string; label: string; tone: string }> = {
  success: { icon: '✓', label: 'success', tone: 'ok' },
  failed: { icon: '✗', label: 'failed', tone: 'bad' },
  rolled_back: { icon: '↶', label: 'rolled back', tone: 'bad' },
  cancelled: { icon: '⊘', label: 'cancelled', tone: 'warn' },
  restored: { icon: '⟲', label: 'restored', tone: 'info' },
  recovered: { icon: '⚕', label: 'recovered', tone: 'info' },
  repaired: { icon: '✎', label: 'repaired', tone: 'info' }
}

/** Meridian's own entries have no `status`: derive it from `success`. */
export function statusOf(entry: HistoryEntry): HistoryStatus {
  return entry.status ?? (entry.success ? 'success' : 'failed')
}

/** Every recorded migration, restore and failure, newest first. */
export function HistoryPanel() {
  const entries = useHistoryStore((state) => state.entries)
  return (
    <section className="panel" id="history" aria-labelledby="history-title">
      <div className="panel-head">
        <h2 id="history-title" className="panel-title">
          History
        </h2>
        {entries && <span className="muted small">{entries.length === 1 ? '1 entry' : `${entries.length} entries`}, newest first</span>}
      </div>
      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No migration has run on this store yet.</p>
      ) : (
        <ol className="timeline" aria-label="Migration history">
          {entries.map((entry, index) => (
            <HistoryItem key={`${entry.started_at}-${index}`} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  )
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const status = statusOf(entry)
  const look = statusLooks[status]
  const isRestore = status === 'restored' || (entry.name?.startsWith('Restore ') ?? false)
  return (
    <li className={`timeline-item tone-${look.tone}`} data-status={status}>
      <span className="timeline-icon" aria-hidden="true">
        {look.icon}
      </span>
      <div className="timeline-body">
        <p className="timeline-title">
          <span className={`status-pill tone-${look.tone}`}>{look.label}</span>
          <strong>
            v{entry.from_version} → v{entry.to_version}
          </strong>
          {!isRestore && entry.to_version < entry.from_version && <span className="chip chip-old">downgrade</span>}
          {entry.name && <span className="muted timeline-name">{entry.name}</span>}
        </p>
        <p className="timeline-facts small">
          <time dateTime={entry.started_at} title={formatDateTime(entry.started_at)}>
            {formatDateTime(entry.started_at)} ({formatRelative(entry.started_at)})
          </time>
          <span>
            {formatNumber(entry.items_migrated)} {isRestore ? 'keys changed' : 'items'}
            {entry.items_total !== undefined && !isRestore ? ` of ${formatNumber(entry.items_total)}` : ''}
          </span>
          {entry.duration_ms !== undefined && <span>{formatDuration(entry.duration_ms)}</span>}
          {entry.backup_key && (
            <span>
              {status === 'restored' ? 'from ' : 'backup '}
              <BackupLink id={entry.backup_key} />
            </span>
          )}
        </p>
        {entry.error && <p className="timeline-error small">{entry.error}</p>}
      </div>
    </li>
  )
}
