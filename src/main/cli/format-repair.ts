import type { RecordSummary } from '../../shared/record-summary.ts'
import {
  describeProblem,
  type InvalidRecords,
  type RecordCheck,
  type RecordDeleteResult,
  type RecordPutResult,
  type SetAsideEntry,
  type SetAsideResult,
  type SetAsideRestoreResult
} from '../../shared/repair.ts'
import { formatBytes, formatNumber, formatSeconds } from './format-values.ts'

/** The line under a record that says whether it holds: `✓ valid for v1`, or `✗ invalid:` and one line per problem. */
export function formatCheck(check: RecordCheck): string {
  if (check.status === 'valid') return `✓ valid (v${check.version ?? '?'}: its schema holds, and it migrates to the target version)`
  if (check.status === 'unchecked') return '· not checked: no migration knows this key prefix or this version'
  return ['✗ invalid:', ...check.problems.map((problem) => `  - ${describeProblem(problem)}`)].join('\n')
}

const safetyLine = (backupId: string | null): string[] => (backupId ? [`  Backup of the state before: ${backupId} (restore it to undo)`] : [])

export function formatPutResult(result: RecordPutResult): string {
  const forced = result.check.status === 'invalid' ? ' (forced: it fails its check)' : ''
  return [`✓ ${result.replaced ? 'Replaced' : 'Created'} ${result.key}${forced} in ${formatSeconds(result.durationMs)}`, ...safetyLine(result.backupId)].join(
    '\n'
  )
}

export function formatDeleteResult(result: RecordDeleteResult): string {
  return [`✓ Deleted ${result.key} in ${formatSeconds(result.durationMs)}`, ...safetyLine(result.backupId)].join('\n')
}

/** The question `delete` asks on a terminal: which record, what it is, what is taken first. */
export function deleteQuestion(dataDir: string, record: RecordSummary, check: RecordCheck): string {
  const version = record.version === null ? 'no version' : `v${record.version}`
  return [
    `Delete ${record.key} (${version}, ${formatBytes(record.bytes)}, ${check.status}) from ${dataDir}?`,
    'A backup of the whole store is taken first (restore it to undo).'
  ].join('\n')
}

function entryLines(entries: readonly SetAsideEntry[]): string[] {
  return entries.flatMap((entry) => [`  ${entry.key}`, ...entry.problems.map((problem) => `      ${describeProblem(problem)}`)])
}

export function formatInvalidRecords(report: InvalidRecords): string {
  if (report.invalid.length === 0) return `✓ Every one of the ${formatNumber(report.checked)} records checked holds: nothing to set aside`
  return [
    `${formatNumber(report.invalid.length)} of ${formatNumber(report.checked)} records fail their check and would be set aside (dry run: nothing was written):`,
    ...entryLines(report.invalid)
  ].join('\n')
}

export function formatSetAsideResult(result: SetAsideResult): string {
  if (result.archive === null) return formatInvalidRecords({ checked: result.checked, invalid: [] })
  return [
    `✓ Set aside ${formatNumber(result.setAside.length)} of ${formatNumber(result.checked)} records in ${formatSeconds(result.durationMs)}:`,
    ...entryLines(result.setAside),
    `  Archive: ${result.archive} (fix the records there, then \`restore-set-aside DIR ARCHIVE\`)`,
    ...safetyLine(result.backupId)
  ].join('\n')
}

export function formatSetAsideRestoreResult(result: SetAsideRestoreResult): string {
  const extra = [
    result.migrated > 0 ? `${formatNumber(result.migrated)} brought to the store's version` : '',
    result.forcedInvalid > 0 ? `${formatNumber(result.forcedInvalid)} still invalid (forced)` : '',
    result.replaced > 0 ? `${formatNumber(result.replaced)} replaced a record (forced)` : ''
  ].filter((part) => part !== '')
  return [
    `✓ Put back ${formatNumber(result.restored)} records from ${result.archive}${extra.length > 0 ? `: ${extra.join(', ')}` : ''}`,
    ...safetyLine(result.backupId)
  ].join('\n')
}
