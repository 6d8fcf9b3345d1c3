import { formatMaybeNumber } from '../../shared/format.ts'
import type { BackupInfo } from '../../shared/backup.ts'
import type { BackupComparison, FieldChange } from '../../shared/backup-inspect.ts'
import type { RecordSummary } from '../../shared/record-summary.ts'
import { formatBytes, formatNumber, formatSeconds, formatTable, formatTimestamp } from './format-values.ts'

/** Control characters (binary keys, raw values) would move the cursor: show them escaped. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** At most `width` characters, ending in … when cut. */
function excerpt(text: string, width: number): string {
  const clean = printable(text)
  return clean.length <= width ? clean : `${clean.slice(0, width - 1)}…`
}

const valueText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)))

/** The command that shows the page after `nextAfter`: `command` (its words so far), then the page's options. */
export function nextPageCommand(command: readonly string[], page: { prefix: string; nextAfter: string | null; limit: number }): string | null {
  if (page.nextAfter === null) return null
  const prefix = page.prefix !== '' ? ['--prefix', shellWord(page.prefix)] : []
  return [...command, ...prefix, '--after', shellWord(page.nextAfter), '--limit', String(page.limit)].join(' ')
}

/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

export function describeBackupBriefly(info: BackupInfo | undefined, id: string): string {
  if (!info) return `Backup ${id}`
  return `Backup ${id} · v${info.schemaVersion} · ${formatMaybeNumber(info.records)} records · taken ${formatTimestamp(info.createdAt)} (${info.reason})`
}

const underPrefix = (prefix: string): string => (prefix === '' ? 'every key' : `keys under "${printable(prefix)}"`)

export interface ShownPage {
  id: string
  prefix: string
  after?: string
  records: readonly RecordSummary[]
  nextAfter: string | null
  /** The command that shows the next page, when there is one. */
  nextCommand: string | null
}

/** A page of records as a table of key, version, size and the start of the value, then how to get the next one. */
function formatPage(heading: string, page: Omit<ShownPage, 'id'>): string {
  const lines = [heading, `${underPrefix(page.prefix)}, ${page.after === undefined ? 'from the first' : `after "${printable(page.after)}"`}:`]
  if (page.records.length === 0) lines.push('  (no records)')
  else {
    const rows = [
      ['KEY', 'VERSION', 'BYTES', 'VALUE'],
      ...page.records.map((r) => [excerpt(r.key, 48), r.version === null ? '-' : `v${r.version}`, formatBytes(r.bytes), excerpt(valueText(r.value), 72)])
    ]
    lines.push(formatTable(rows))
  }
  lines.push(page.nextCommand ? `Next page:\n  ${page.nextCommand}` : page.records.length > 0 ? '(last page)' : '')
  return lines.filter((line) => line !== '').join('\n')
}

/** `show`: one page of a backup's records. */
export function formatBackupPage(page: ShownPage, info: BackupInfo | undefined): string {
  return formatPage(describeBackupBriefly(info, page.id), page)
}

/** `records`: one page of the live store's records. */
export function formatStorePage(dataDir: string, page: Omit<ShownPage, 'id'>): string {
  return formatPage(`The store ${dataDir}`, page)
}

/** `get`: one record whole, its value pretty-printed (raw text as it is when it is not JSON). */
export function formatRecord(record: RecordSummary): string {
  const version = record.version === null ? 'no version (not a JSON object with a valid schema_version)' : `v${record.version}`
  const value = typeof record.value === 'string' ? printable(record.value) : JSON.stringify(record.value, null, 2)
  return [`${printable(record.key)} · ${version} · ${formatBytes(record.bytes)}`, value].join('\n')
}

function fieldLine(change: FieldChange): string {
  const show = (value: unknown): string => excerpt(JSON.stringify(value) ?? 'undefined', 70)
  if (change.change === 'added') return `    + ${change.field}: ${show(change.after)}`
  if (change.change === 'removed') return `    - ${change.field}: ${show(change.before)}`
  return `    ~ ${change.field}: ${show(change.before)} -> ${show(change.after)}`
}

function sampleHeading(what: string, shown: number, total: number): string {
  return shown < total ? `${what} (first ${formatNumber(shown)} of ${formatNumber(total)}):` : `${what} (${formatNumber(total)}):`
}

/** `compare`: the four counts, then the changed records field by field, then the added and removed keys. */
export function formatComparison(result: BackupComparison, info: BackupInfo | undefined): string {
  const { counts } = result
  const lines = [
    `${describeBackupBriefly(info, result.backupId)}`,
    `compared with the store now, ${underPrefix(result.prefix)}:`,
    formatTable([
      ['  Added', formatNumber(counts.added), 'in the store, not in the backup (a restore would delete them)'],
      ['  Removed', formatNumber(counts.removed), 'in the backup, no longer in the store (a restore would bring them back)'],
      ['  Changed', formatNumber(counts.changed), 'another value now'],
      ['  Unchanged', formatNumber(counts.unchanged), 'byte for byte the same']
    ])
  ]
  if (result.changed.length > 0) {
    lines.push(sampleHeading('Changed', result.changed.length, counts.changed))
    for (const record of result.changed) {
      const versions = record.before.version !== record.after.version ? `  (v${record.before.version ?? '-'} -> v${record.after.version ?? '-'})` : ''
      lines.push(`  ${printable(record.key)}${versions}`)
      if (record.fields) lines.push(...record.fields.map(fieldLine))
      else lines.push(`    before: ${excerpt(valueText(record.before.value), 70)}`, `    after:  ${excerpt(valueText(record.after.value), 70)}`)
    }
  }
  const keyLines = (records: readonly RecordSummary[]): string[] =>
    records.map((r) => `  ${printable(r.key)}  ${r.version === null ? '' : `v${r.version}  `}${formatBytes(r.bytes)}`)
  if (result.added.length > 0) lines.push(sampleHeading('Added', result.added.length, counts.added), ...keyLines(result.added))
  if (result.removed.length > 0) lines.push(sampleHeading('Removed', result.removed.length, counts.removed), ...keyLines(result.removed))
  if (counts.added + counts.removed + counts.changed === 0) lines.push('✓ The store holds exactly what the backup holds here')
  lines.push(`Compared in ${formatSeconds(result.durationMs)}; nothing was written.`)
  return lines.join('\n')
}
