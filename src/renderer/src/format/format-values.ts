/** How numbers, sizes, durations and times read everywhere in the UI (en-US grouping, like the CLI). */

export { formatBytes, formatCount, formatDateTime, formatDuration, formatEta, formatNumber } from '../../../shared/format.ts'

/** "3 min ago", for a glance; the exact time goes in the element's title. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const then = new Date(iso).getTime()
  if (Number.isNaN(then)) return ''
  const seconds = Math.round((now - then) / 1000)
  if (seconds < 10) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.round(hours / 24)} days ago`
}

export function formatPercent(done: number, total: number): string {
  if (total <= 0) return '0%'
  return `${Math.floor((done / total) * 100)}%`
}
