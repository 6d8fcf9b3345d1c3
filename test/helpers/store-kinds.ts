import { spawnSync } from 'node:child_process'
import { describe } from 'vitest'
import { loadRocksLevel, ROCKSDB_PACKAGE } from '../../src/main/engine/store/rocksdb/rocksdb-binding.ts'
import { storeKindLabels, type StoreKind } from '../../src/shared/store-status.ts'

/** Why the RocksDB binding cannot run here (its message), or null when it loads. */
export const rocksBindingUnavailable: string | null = await loadRocksLevel().then(
  () => null,
  (error: Error) => `${ROCKSDB_PACKAGE} cannot be loaded: ${error.message}`
)

/** Why RocksDB's own `ldb` tool (Debian's rocksdb-tools) cannot run here, or null when it can. */
export const ldbUnavailable: string | null = (() => {
  const run = spawnSync('ldb', ['--version'], { encoding: 'utf8' })
  return run.error || run.status !== 0 ? 'ldb is not installed (apt-get install rocksdb-tools)' : null
})()

export interface StoreEngine {
  kind: StoreKind
  /** null when the engine runs here. */
  unavailable: string | null
}

export const storeEngines: readonly StoreEngine[] = [
  { kind: 'leveldb', unavailable: null },
  { kind: 'rocksdb', unavailable: rocksBindingUnavailable }
]

/**
 * Runs the same suite once per store kind (LevelDB, and RocksDB written by the binding). A kind that cannot run
 * here is reported skipped, with the reason in its name, never passed silently.
 */
export function describeEachStoreKind(body: (kind: StoreKind) => void): void {
  for (const engine of storeEngines) {
    const title = `on a ${storeKindLabels[engine.kind]} store${engine.unavailable ? ` (skipped: ${engine.unavailable})` : ''}`
    describe.skipIf(engine.unavailable !== null)(title, () => body(engine.kind))
  }
}
