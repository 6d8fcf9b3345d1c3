import { MeridianError } from '../../shared/errors.ts'
import type { RetentionPolicy } from '../engine/index.ts'
import { ageSchema, keepSchema, parseOptional } from './options.ts'

/** `migrate --prune [--keep N] [--older-than AGE]`, as commander hands them over. */
export interface PruneAfterMigrationOptions {
  prune?: boolean
  keep?: string
  olderThan?: string
  dryRun?: boolean
}

/**
 * The retention policy `migrate` applies after it succeeds, or undefined without `--prune`. `--keep` and
 * `--older-than` alone are refused rather than taken as a request to delete backups; so is `--prune` with
 * `--dry-run`, which deletes nothing (`prune DIR --dry-run` shows what pruning would do).
 */
export function parsePruneAfterMigration(options: PruneAfterMigrationOptions): Partial<RetentionPolicy> | undefined {
  const keepNewest = parseOptional(keepSchema, '--keep', options.keep)
  const olderThanDays = parseOptional(ageSchema, '--older-than', options.olderThan)
  if (options.prune !== true) {
    const stray = options.keep !== undefined ? '--keep' : options.olderThan !== undefined ? '--older-than' : null
    if (stray) throw new MeridianError('INVALID_INPUT', `${stray} applies only with --prune (migrate ... --prune ${stray} ...)`)
    return undefined
  }
  if (options.dryRun === true) {
    throw new MeridianError('INVALID_INPUT', '--prune cannot be combined with --dry-run; run `prune DIR --dry-run` to see what it would delete')
  }
  return { ...(keepNewest !== undefined ? { keepNewest } : {}), ...(olderThanDays !== undefined ? { olderThanDays } : {}) }
}
