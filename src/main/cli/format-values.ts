/** Small formatters for numbers, sizes, times and durations, shared by the CLI's human output. */

export { formatBytes, formatNumber } from '../../shared/format.ts'

/** `2.34s`, as the seed's logs write durations. */
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`

/** An RFC 3339 time as the seed's status prints it, `2024-01-01 12:00:00` (UTC); unparseable text is shown as is. */
export function formatTimestamp(text: string): string {
  const time = Date.parse(text)
  if (Number.isNaN(time)) return text
  return new Date(time).toISOString().slice(0, 19).replace('T', ' ')
}

/** Pads columns so a table lines up; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n')
}
