import type { RecoveryReport, StoreStatus } from '../../../shared/store-status.ts'
import type { MigrationRegistry } from '../migration/registry.ts'
import type { MeridianStore } from '../store/store.ts'
import { listKeyGroups } from '../store/key-groups.ts'
import { findStoreHolders } from '../store/store-holders.ts'
import { readStoreIdentity } from '../store/store-identity.ts'

/**
 * Where `store` stands against `targetVersion`: its version, identity, prefixes, the pending steps, who holds it.
 * A few seeks, never a read of every record, so a store of millions answers in milliseconds (its counts: countRecords).
 */
export async function readStoreStatus(
  store: MeridianStore,
  registry: MigrationRegistry,
  targetVersion: number,
  recovery: RecoveryReport | null
): Promise<StoreStatus> {
  const currentVersion = await store.readVersion()
  const identity = await readStoreIdentity(store.db)
  const { groups, restFrom } = await listKeyGroups(store.db)
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
    prefixes: groups.map((group) => group.prefix),
    prefixesTruncated: restFrom !== null,
    versionedPrefixes: [...registry.keyPrefixes],
    recovery,
    inUseBy: await findStoreHolders(store.dataDir)
  }
}
