import type { HistoryStep } from '../../shared/history.ts'
import type { DryRunReport, FieldReport, MigrateResult } from '../../shared/migration-result.ts'
import { formatNumber, formatSeconds } from './format-values.ts'

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The top-level fields a migration adds (+), removes (-) or changes (~), so the sample reads at a glance. */
export function describeChanges(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return []
  const lines: string[] = []
  for (const [field, value] of Object.entries(after)) {
    if (!(field in before)) lines.push(`  + ${field}: ${JSON.stringify(value)}`)
    else if (JSON.stringify(before[field]) !== JSON.stringify(value)) {
      lines.push(`  ~ ${field}: ${JSON.stringify(before[field])} -> ${JSON.stringify(value)}`)
    }
  }
  for (const [field, value] of Object.entries(before)) if (!(field in after)) lines.push(`  - ${field}: ${JSON.stringify(value)}`)
  return lines
}

function stepLines(steps: readonly HistoryStep[], verb: string): string[] {
  return steps.map((step) => `  - v${step.from} -> v${step.to}: ${formatNumber(step.items)} items ${verb} (${step.name})`)
}

/** Per step that fills fields in, one line per field: how many records kept a value, got the default, lost one. */
export function fieldLines(fields: readonly FieldReport[] | undefined, indent = '  '): string[] {
  if (!fields || fields.length === 0) return []
  const lines: string[] = []
  const width = Math.max(...fields.map((row) => row.field.length))
  let step: string | null = null
  for (const row of fields) {
    if (row.step !== step) {
      step = row.step
      lines.push(`${indent}Fields (${row.step}):`)
    }
    const lost = row.lost > 0 ? `, ${formatNumber(row.lost)} lost a value (replaced by the default)` : ''
    lines.push(`${indent}  ${row.field.padEnd(width)}  ${formatNumber(row.kept)} kept, ${formatNumber(row.defaulted)} defaulted${lost}`)
  }
  return lines
}

/**
 * What `migrate` prints once it is done, in the words of the seed's "Migration Logs" (the engine's logger has
 * already narrated the run as it happened, so this is the summary only).
 */
export function formatMigrateResult(result: MigrateResult): string {
  if (result.status === 'up-to-date') return `✓ Schema is up to date (v${result.to}): nothing to migrate`
  const lines = [
    '✓ Migration completed successfully',
    `  - v${result.from} -> v${result.to}: ${formatNumber(result.itemsMigrated)} items migrated in ${formatSeconds(result.durationMs)}`
  ]
  if (result.steps.length > 1) {
    for (const step of result.steps) lines.push(`      v${step.from} -> v${step.to}: ${formatNumber(step.items)} items (${step.name})`)
  }
  lines.push(...fieldLines(result.fields, '    '))
  if (result.backupId) lines.push(`    Backup created: ${result.backupId}`)
  if (result.pruned) {
    const { deleted, kept } = result.pruned
    const which = deleted.length > 0 ? ` (${deleted.map((b) => b.id).join(', ')})` : ''
    lines.push(`✓ Old backups pruned: ${formatNumber(deleted.length)} deleted${which}, ${formatNumber(kept.length)} kept`)
  }
  if (result.pruneError) lines.push(`⚠ The migration stands, but pruning old backups failed: ${result.pruneError}`)
  return lines.join('\n')
}

/** A dry run: per step the records that would change, every failure listed, and one before/after sample. */
export function formatDryRun(report: DryRunReport): string {
  if (report.from === report.to) return `✓ Schema is up to date (v${report.to}): a migration would change nothing`
  const lines = [`Dry run: v${report.from} -> v${report.to} (nothing was written)`, ...stepLines(report.steps, 'would change')]
  lines.push(`Items to migrate: ${formatNumber(report.itemsToMigrate)} of ${formatNumber(report.itemsScanned)} scanned`)
  lines.push(...fieldLines(report.fields))
  const failed = report.failures.length + report.failuresOmitted
  const losing = report.losses?.records ?? 0
  if (failed === 0) lines.push(losing === 0 ? '✓ Every record migrates cleanly' : '✓ No record would fail')
  else {
    lines.push(`✗ ${formatNumber(failed)} record${failed === 1 ? '' : 's'} would fail; the migration would roll back:`)
    for (const failure of report.failures) lines.push(`  ${failure.key}: ${failure.reason}`)
    if (report.failuresOmitted > 0) lines.push(`  … and ${formatNumber(report.failuresOmitted)} more`)
  }
  if (report.losses) {
    const { records, sample } = report.losses
    if (records === 0) lines.push('✓ No record would lose data')
    else {
      lines.push(`⚠ ${formatNumber(records)} record${records === 1 ? '' : 's'} would lose data (migrate needs --allow-data-loss):`)
      for (const entry of sample) lines.push(`  ${entry.key}: ${entry.loses.join(', ')}`)
      if (records > sample.length) lines.push(`  … and ${formatNumber(records - sample.length)} more`)
    }
  }
  if (report.sample) {
    lines.push(`Sample (${report.sample.key}):`, ...describeChanges(report.sample.before, report.sample.after))
    lines.push(`  Before: ${JSON.stringify(report.sample.before)}`, `  After:  ${JSON.stringify(report.sample.after)}`)
  }
  return lines.join('\n')
}
