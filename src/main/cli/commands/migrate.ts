import { backupKindSchema } from '../../../shared/backup.ts'
import type { CommandContext } from '../command-context.ts'
import { EXIT_FAILED, EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatDryRun, formatMigrateResult } from '../format-migration.ts'
import { dataDirSchema, parseOption, parseOptional, targetVersionSchema } from '../options.ts'
import { parsePruneAfterMigration, type PruneAfterMigrationOptions } from '../prune-after-migration-options.ts'
import { withCancellation } from '../interrupts.ts'
import { withManager } from '../session.ts'

export interface MigrateCommandOptions extends PruneAfterMigrationOptions {
  to?: string
  dryRun?: boolean
  allowDataLoss?: boolean
  allowFormatUpgrade?: boolean
  safetyNet?: string
}

/**
 * `migrate DIR [--to N] [--dry-run] [--allow-data-loss] [--allow-format-upgrade] [--safety-net KIND]`: takes its
 * safety net (a checkpoint by default, or an archive), migrates and records the run (put back on any failure or
 * Ctrl-C); with `--dry-run`, reports what would change and what would fail without writing. A dry run that
 * finds failures exits 1, as the migration itself would. A downgrade (N below the current version) that would lose
 * data is refused (DATA_LOSS_REFUSED, exit 2, the count and a sample on stderr) without `--allow-data-loss`.
 * With `--prune [--keep N] [--older-than AGE]`, the retention policy runs after a successful migration.
 * A RocksDB store older than this tool's RocksDB is migrated only with `--allow-format-upgrade`
 * (FORMAT_UPGRADE_REFUSED otherwise): writing upgrades its file format.
 */
export async function migrateCommand(rawDir: string, options: MigrateCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const to = parseOptional(targetVersionSchema, '--to', options.to)
  const prune = parsePruneAfterMigration(options)
  const safetyNetKind = parseOptional(backupKindSchema, '--safety-net', options.safetyNet)
  return withManager(
    dir,
    ctx.globals,
    async (manager): Promise<ExitCode> => {
      const reporter = ctx.progress()
      if (options.dryRun) {
        const report = await withCancellation(reporter, (signal) => manager.dryRun({ to, signal, onProgress: reporter.onProgress }))
        ctx.out.result(report, () => formatDryRun(report))
        return report.failures.length + report.failuresOmitted > 0 ? EXIT_FAILED : EXIT_OK
      }
      // The engine's plan, checked as the migration checks it: a refused target or store fails here, before any note.
      const plan = await manager.migrationPlan(to)
      if (plan.from !== plan.to) ctx.out.note(`Current schema version: v${plan.from}, Target version: v${plan.to}`)
      if (plan.to < plan.from) ctx.out.note(`Downgrade: checking every record for data the older schema cannot hold…`)
      const result = await withCancellation(reporter, (signal, onCommitted) =>
        manager.migrate({ to, signal, onCommitted, onProgress: reporter.onProgress, allowDataLoss: options.allowDataLoss === true, prune, safetyNetKind })
      )
      ctx.out.result(result, () => formatMigrateResult(result))
      return EXIT_OK
    },
    { allowFormatUpgrade: options.allowFormatUpgrade === true && options.dryRun !== true }
  )
}
