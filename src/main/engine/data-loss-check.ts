import type { DataLossReport } from '../../shared/migration-result.ts'
import { MeridianError } from '../../shared/errors.ts'
import type { OperationOptions } from './backup/backup-service.ts'
import type { Logger } from './logger.ts'
import { chainMayLoseData, runMigrationPass } from './migration-pass.ts'
import type { MigrationRegistry, MigrationStep } from './registry.ts'
import type { MeridianStore } from './store.ts'

export interface DataLossCheck extends OperationOptions {
  store: MeridianStore
  registry: MigrationRegistry
  plan: { from: number; to: number; steps: MigrationStep[] }
  allowDataLoss?: boolean
  log: Logger
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
 * Before a chain that may lose data writes anything (every downgrade; an upgrade whose steps replace values a
 * record holds that the new version cannot, such as Task v1 → v2): a dry pass over every record the chain
 * touches, counting the records that would lose data. Without `allowDataLoss` any loss is refused
 * (DATA_LOSS_REFUSED, the store untouched, no backup taken); with it the loss is only logged. Other upgrades
 * pass straight through.
 */
export async function checkDataLoss(check: DataLossCheck): Promise<void> {
  const { plan, log } = check
  if (!chainMayLoseData(plan.steps)) return
  if (check.allowDataLoss) {
    log.warn(`${plan.to < plan.from ? 'Downgrade' : 'Upgrade'} v${plan.from} -> v${plan.to}: data loss allowed (--allow-data-loss)`)
    return
  }
  const pass = await runMigrationPass({
    db: check.store.db,
    registry: check.registry,
    steps: plan.steps,
    target: plan.to,
    write: false,
    signal: check.signal
  })
  if (pass.losses.records === 0) return
  throw new MeridianError('DATA_LOSS_REFUSED', describeDataLoss(plan.from, plan.to, pass.losses, pass.itemsScanned))
}
