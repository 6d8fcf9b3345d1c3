import { MeridianError, versionTooNewMessage } from '../../../shared/errors.ts'
import type { MigrationRegistry, RunnablePlan } from '../migration/registry.ts'
import type { MeridianStore } from '../store/store.ts'
import { requireMeridianStore } from '../store/store-identity.ts'

/**
 * The chain from the store's version to `to` (default `targetVersion`), validated before any byte is written:
 * NOT_A_MERIDIAN_STORE, an unreadable history, VERSION_TOO_NEW, or a target outside 1…targetVersion.
 */
export async function planRun(store: MeridianStore, registry: MigrationRegistry, targetVersion: number, to: number | undefined): Promise<RunnablePlan> {
  await requireMeridianStore(store.db, store.dataDir)
  const from = await store.readVersion()
  // An unreadable history would only fail at the commit, after a full backup and pass: refuse now.
  await store.readHistory()
  if (from > targetVersion) {
    throw new MeridianError('VERSION_TOO_NEW', versionTooNewMessage(from, targetVersion))
  }
  const target = to ?? targetVersion
  if (!Number.isInteger(target) || target < 1 || target > targetVersion) {
    throw new MeridianError('INVALID_INPUT', `Target version must be a whole number from 1 to ${targetVersion}, got ${String(to)}`)
  }
  return { from, to: target, steps: registry.findPath(from, target) }
}
