import { errorAdvice, versionTooNewMessage } from '../../shared/errors.ts'
import type { HistoryEntry, HistoryStatus } from '../../shared/history.ts'
import { formatUpgradeNotice, MERIDIAN_KEYS_TEXT, storeInUseNotice, storeKindLabels, type StoreCounts, type StoreStatus } from '../../shared/store-status.ts'
import { formatNumber, formatSeconds, formatTable, formatTimestamp } from './format-values.ts'

const STATUS_LABELS: Record<HistoryStatus, string> = {
  success: '✓ Success',
  failed: '✗ Failed',
  rolled_back: '✗ Rolled back',
  cancelled: '⊘ Cancelled',
  restored: '↺ Restored',
  recovered: '↺ Recovered after an interrupted run',
  repaired: '✎ Repaired'
}

/** Meridian's own entries have no `status`: theirs is `success` alone. */
function statusLabel(entry: HistoryEntry): string {
  if (entry.status) return STATUS_LABELS[entry.status]
  return entry.success ? '✓ Success' : '✗ Failed'
}

function durationMs(entry: HistoryEntry): number | null {
  if (entry.duration_ms !== undefined) return entry.duration_ms
  if (!entry.completed_at) return null
  const ms = Date.parse(entry.completed_at) - Date.parse(entry.started_at)
  return Number.isNaN(ms) ? null : ms
}

/** One numbered history entry in the seed's layout, plus our fields when present. */
export function formatHistoryEntry(entry: HistoryEntry, index: number): string {
  const lines = [`${index + 1}. v${entry.from_version} -> v${entry.to_version} at ${formatTimestamp(entry.started_at)}`]
  lines.push(`   Status: ${statusLabel(entry)}`)
  if (entry.name && entry.status !== undefined && entry.status !== 'success') lines.push(`   Operation: ${entry.name}`)
  lines.push(
    entry.status === 'restored' ? `   Keys restored: ${formatNumber(entry.items_migrated)}` : `   Items migrated: ${formatNumber(entry.items_migrated)}`
  )
  if (entry.steps && entry.steps.length > 1) {
    for (const step of entry.steps) lines.push(`     - v${step.from} -> v${step.to}: ${formatNumber(step.items)} items`)
  }
  const duration = durationMs(entry)
  if (duration !== null) lines.push(`   Duration: ${formatSeconds(duration)}`)
  if (entry.backup_key) lines.push(`   Backup: ${entry.backup_key}`)
  if (entry.error) lines.push(`   Error: ${entry.error}`)
  return lines.join('\n')
}

/** The seed's "Migration History:" section. */
export function formatHistory(history: readonly HistoryEntry[]): string {
  const body = history.length === 0 ? ['No migrations recorded'] : history.map(formatHistoryEntry)
  return ['Migration History:', '------------------', ...body].join('\n')
}

export function formatCounts(counts: StoreCounts): string {
  const rows = counts.prefixes.map((group) => {
    const versions = group.versions
      ? Object.entries(group.versions)
          .map(([version, n]) => `${version === 'invalid' ? 'invalid' : `v${version}`}: ${formatNumber(n)}`)
          .join(', ')
      : ''
    return [`  ${group.prefix}`, formatNumber(group.records).padStart(10), versions ? `(${versions})` : '']
  })
  rows.push(['  Total keys', formatNumber(counts.keys).padStart(10), ''])
  return ['Records:', formatTable(rows).replace(/ +$/gm, '')].join('\n')
}

function formatVersionState(status: StoreStatus): string {
  if (status.identity === 'not-meridian') {
    return [
      `✗ Not a Meridian store: it holds none of Meridian's keys (${MERIDIAN_KEYS_TEXT}); nothing to migrate`,
      `  ${errorAdvice.NOT_A_MERIDIAN_STORE}`
    ].join('\n')
  }
  if (status.tooNew) {
    return [`✗ ${versionTooNewMessage(status.currentVersion, status.targetVersion)}`, `  ${errorAdvice.VERSION_TOO_NEW}`].join('\n')
  }
  if (status.upToDate) return '✓ Schema is up to date'
  return [
    `⚠ Schema migration required: v${status.currentVersion} -> v${status.targetVersion}`,
    ...status.pending.map((step) => `  - v${step.from} -> v${step.to}: ${step.name}`),
    // Meridian creates such a store on its first start and, finding no version, brings it to v2 itself.
    ...(status.identity === 'empty' ? ['  An empty store (no keys yet): migrating writes only its version and history, as Meridian would.'] : [])
  ].join('\n')
}

/** The seed's "Schema Version Status" lines and ours after them: what `status` prints before it counts. */
export function formatStatusHeader(status: StoreStatus): string {
  return [
    'Schema Version Status',
    '====================',
    `Current version: ${status.identity === 'not-meridian' ? 'none (not a Meridian store)' : `v${status.currentVersion}`}`,
    `Target version:  v${status.targetVersion}`,
    '',
    formatVersionState(status),
    '',
    // After the seed's own lines, so its layout stays as scripts know it.
    `Store kind: ${storeKindLabels[status.kind]}`,
    ...(status.formatUpgrade ? [`⚠ Format upgrade: ${formatUpgradeNotice(status.formatUpgrade)}`] : []),
    ...(status.inUseBy.length > 0 ? [`⚠ In use: ${storeInUseNotice(status.inUseBy)}`] : [])
  ].join('\n')
}

/** Without counting (`status --no-counts`): the prefixes the store holds, found by seeking. */
export function formatPrefixes(status: StoreStatus): string {
  const more = status.prefixesTruncated ? ['  … and more (counting lists them all)'] : []
  return ['Key prefixes (not counted):', ...status.prefixes.map((prefix) => `  ${prefix}`), ...more].join('\n')
}

/** What `status` prints after its header: the record counts (or, not counted, the prefixes), then the history. */
export function formatStatusBody(status: StoreStatus, counts: StoreCounts | null, history: readonly HistoryEntry[]): string {
  return [counts ? formatCounts(counts) : formatPrefixes(status), '', formatHistory(history)].join('\n')
}

/** The whole `status` output: the header, then the record counts before the history. */
export function formatStatus(status: StoreStatus, counts: StoreCounts | null, history: readonly HistoryEntry[]): string {
  return [formatStatusHeader(status), '', formatStatusBody(status, counts, history)].join('\n')
}
