/**
 * How numbers, sizes, durations and times read everywhere, in the CLI and the UI alike (en-US grouping). Each
 * unit is chosen after rounding, so a value never reads as a full unit of the smaller one ("60.0 s", "1024 KB").
 */

export const formatNumber = (value: number): string => value.toLocaleString('en-US')

/** `1 episode`, `2,000 episodes`: a count with its noun (`plural` when adding an s will not do). */
export const formatCount = (count: number, noun: string, plural = `${noun}s`): string => `${formatNumber(count)} ${count === 1 ? noun : plural}`

/** A count that may not be known yet (a checkpoint's records before a verify reads them): `not counted` then. */
export const formatMaybeNumber = (value: number | null): string => (value === null ? 'not counted' : formatNumber(value))

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  for (;;) {
    const text = unit === 0 ? String(Math.round(value)) : value.toFixed(value < 9.95 ? 1 : 0)
    if (Number(text) < 1024 || unit === BYTE_UNITS.length - 1) return `${text} ${BYTE_UNITS[unit]}`
    value /= 1024
    unit++
  }
}

/** Whole seconds as `5 s`, `2 min 5 s`, `1 h 2 min`. */
function formatWholeSeconds(total: number): string {
  if (total < 60) return `${total} s`
  if (total < 3600) return `${Math.floor(total / 60)} min ${total % 60} s`
  return `${Math.floor(total / 3600)} h ${Math.floor((total % 3600) / 60)} min`
}

/** `649 ms`, `5.16 s`, `12.3 s`, `2 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  const fine = seconds.toFixed(seconds < 9.995 ? 2 : 1)
  if (Number(fine) < 60) return `${fine} s`
  return formatWholeSeconds(Math.round(seconds))
}

/** The time left, rounded up to the second; `estimating…` while there is no rate to go by. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…'
  if (seconds < 1) return 'under 1 s'
  return formatWholeSeconds(Math.ceil(seconds))
}

/** `UTC`, or the local zone's offset from it as `UTC+01:00` / `UTC-05:30`. */
export function zoneLabel(date: Date): string {
  const offset = -date.getTimezoneOffset()
  if (offset === 0) return 'UTC'
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `UTC${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
}

/**
 * The one way a moment reads to a person, in the CLI and the app: local time, sortable, with its zone, e.g.
 * `2026-11-27 04:32:12 UTC+01:00` (`--json` keeps RFC 3339 in UTC). Unparseable text is shown as it is.
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number): string => String(n).padStart(2, '0')
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zoneLabel(date)}`
}

/** "3 min ago", for a glance; the exact time goes beside it or in a title. */
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
