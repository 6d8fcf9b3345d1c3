/** Small formatters for numbers, sizes, times and durations, shared by the CLI's human output. */

import { formatDateTime } from '../../shared/format.ts'

export { formatBytes, formatCount, formatDuration, formatNumber } from '../../shared/format.ts'

/** `2.34s`, as the seed's logs write durations. */
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`

/** An RFC 3339 time as every human output shows one: local time with its zone (see shared/format.ts). */
export const formatTimestamp = (text: string): string => formatDateTime(text)

/** Pads columns so a table lines up; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n')
}
