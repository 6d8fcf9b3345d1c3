/** How numbers, sizes, durations and times read everywhere in the UI (en-US grouping, like the CLI). */

export { formatBytes, formatCount, formatDateTime, formatDuration, formatEta, formatMaybeNumber, formatNumber, formatRelative } from '../../../shared/format.ts'

export function formatPercent(done: number, total: number): string {
  if (total <= 0) return '0%'
  return `${Math.floor((done / total) * 100)}%`
}
