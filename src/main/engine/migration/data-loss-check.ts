import type { DataLossReport } from '../../../shared/migration-result.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { OperationOptions } from '../backup/backup-service.ts'
import type { Logger } from '../support/logger.ts'
import { chainMayLoseData, runMigrationPass } from './migration-pass.ts'
import type { TransformSettings } from './record-transformer.ts'
import type { MigrationRegistry, RunnablePlan } from './registry.ts'
import type { MeridianStore } from '../store/store.ts'

export interface DataLossCheck extends OperationOptions {
  store: MeridianStore
  registry: MigrationRegistry
  plan: RunnablePlan
  allowDataLoss?: boolean
  log: Logger
  transform?: TransformSettings
}

/** The refusal's text: the count and the sample, so every host (CLI, web, app) can show what would go. */
export function describeDataLoss(from: number, to: number, losses: DataLossReport, scanned: number): string {
  const lines = [
    `${to < from ? 'Downgrading' : 'Upgrading'} v${from} -> v${to} would lose data in ${losses.records} of ${scanned} records; nothing was changed.`,
    ...losses.sample.map((entry) => `  ${entry.key}: ${entry.loses.join(', ')}`)
  ]
  if (losses.records > losses.sample.length) lines.push(`  … and ${losses.records - losses.sample.length} more`)
  return lines.join('\n')
}

/**
 * What a run does about a chain that may lose data (every downgrade; an upgrade whose steps replace values a
 * record holds that the new version cannot, such as Task v1 → v2). With `allowDataLoss` the loss is only logged.
 * Without it, a downgrade is checked here, before anything is written: a dry pass over every record the chain
 * touches, any loss refused (DATA_LOSS_REFUSED, the store untouched, no backup taken). An upgrade is not: its own
 * pass watches for a loss (`refuseInPass`, see MigrationRunContext.refuseLoss), which spares every upgrade that
 * loses nothing a second read of the store; a refused one is put back, leaving the store, its history and the
 * backup folder as this check would have. Other chains pass straight through.
 */
export async function checkDataLoss(check: DataLossCheck): Promise<{ refuseInPass: boolean }> {
  const { plan, log } = check
  if (!chainMayLoseData(plan.steps)) return { refuseInPass: false }
  if (check.allowDataLoss) {
    log.warn(`${plan.to < plan.from ? 'Downgrade' : 'Upgrade'} v${plan.from} -> v${plan.to}: data loss allowed (--allow-data-loss)`)
    return { refuseInPass: false }
  }
  if (plan.to > plan.from) return { refuseInPass: true }
  const pass = await runMigrationPass({
    db: check.store.db,
    registry: check.registry,
    steps: plan.steps,
    target: plan.to,
    write: false,
    signal: check.signal,
    transform: check.transform
  })
  if (pass.losses.records === 0) return { refuseInPass: false }
  throw new MeridianError('DATA_LOSS_REFUSED', describeDataLoss(plan.from, plan.to, pass.losses, pass.itemsScanned))
}
