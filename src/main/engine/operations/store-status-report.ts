import type { RecoveryReport, StoreStatus } from '../../../shared/store-status.ts'
import type { MigrationRegistry } from '../migration/registry.ts'
import type { MeridianStore } from '../store/store.ts'
import { countRecords } from '../store/store-counts.ts'
import { findStoreHolders } from '../store/store-holders.ts'
import { identityOfCounts } from '../store/store-identity.ts'

/** Where `store` stands against `targetVersion`: its version, counts, identity, the pending steps, who holds it. */
export async function readStoreStatus(
  store: MeridianStore,
  registry: MigrationRegistry,
  targetVersion: number,
  recovery: RecoveryReport | null
): Promise<StoreStatus> {
  const currentVersion = await store.readVersion()
  const counts = await countRecords(store.db, registry.keyPrefixes)
  const identity = identityOfCounts(counts)
  const tooNew = currentVersion > targetVersion
  // A store that is not Meridian's has no version to bring anywhere: no plan, and never "up to date" either.
  const pending = tooNew || identity === 'not-meridian' ? [] : registry.findPath(currentVersion, targetVersion)
  return {
    dataDir: store.dataDir,
    kind: store.kind,
    identity,
    formatUpgrade: store.formatUpgrade,
    currentVersion,
    targetVersion,
    upToDate: identity !== 'not-meridian' && currentVersion === targetVersion,
    tooNew,
    pending: pending.map(({ from, to, name }) => ({ from, to, name })),
    counts,
    recovery,
    inUseBy: await findStoreHolders(store.dataDir)
  }
}
