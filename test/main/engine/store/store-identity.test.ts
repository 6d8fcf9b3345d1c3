import { describe, expect, it } from 'vitest'
import { checkAndMigrate } from '../../../../src/main/engine/operations/check-and-migrate.ts'
import { silentLogger } from '../../../../src/main/engine/support/logger.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { keyPrefixOf } from '../../../../src/main/engine/store/store-counts.ts'
import { readStoreIdentity } from '../../../../src/main/engine/store/store-identity.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'
import { putAll, rejectionOf, snapshotDb, snapshotDir, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

describe('keyPrefixOf', () => {
  it.each([
    ['task:abc', 'task:'],
    ['idx_status:done:task-1', 'idx_status:'],
    ['_backup_20240101_120000:task:a', '_backup_20240101_120000:'],
    ['_schema_version', '_schema_version'],
    ['_backup_20240101_120000', '_backup_20240101_120000'],
    ['/*meridian\0*index\0*kv_store\0*dGFzaw==', '/'],
    ['/!nsmeridian', '/'],
    ['', '']
  ])('groups %j under %j', (key, prefix) => {
    expect(keyPrefixOf(key)).toBe(prefix)
  })
})

/** A foreign LevelDB/RocksDB: keys of some other program, none of Meridian's. */
const FOREIGN: Array<[string, string]> = [
  ['users/1', '{"name":"ada"}'],
  ['users/2', '{"name":"grace"}'],
  ['config', '{"theme":"dark"}']
]

describeEachStoreKind((kind) => {
  const temp = useTempStores(kind)

  it.each([
    ['a task', [['task:t1', JSON.stringify(taskV1({ id: 't1' }))]]],
    ['an index marker alone', [['idx_status:done:t1', '1']]],
    ['an episode alone', [['episode:e1', '{}']]],
    ['the version alone', [['_schema_version', '2']]],
    ['the history alone', [['_migration_history', '{"migrations":[]}']]],
    ['an in-store backup header alone', [['_backup_20240101_120000', '{}']]]
  ] as Array<[string, Array<[string, string]>]>)('calls a store holding %s, among foreign keys, a Meridian store', async (_name, entries) => {
    const store = await temp.newStore()
    await putAll(store.db, [...FOREIGN, ...entries])
    expect(await readStoreIdentity(store.db)).toBe('meridian')
  })

  it('calls a store with no key at all empty, and lets it migrate as Meridian’s own first start would', async () => {
    const store = await temp.newStore()
    expect(await readStoreIdentity(store.db)).toBe('empty')
    const manager = new MigrationManager(store)
    const status = await manager.status()
    expect(status).toMatchObject({ identity: 'empty', currentVersion: 1, upToDate: false })
    expect(status.pending.length).toBeGreaterThan(0)
    const result = await manager.migrate({ logger: silentLogger })
    expect(result).toMatchObject({ status: 'migrated', to: manager.targetVersion, itemsMigrated: 0 })
    expect(await store.readVersion()).toBe(manager.targetVersion)
  })

  it('reports a store with none of Meridian’s keys as not a Meridian store, with its key-prefix summary, and offers no migration', async () => {
    const store = await temp.newStore()
    await putAll(store.db, FOREIGN)
    const manager = new MigrationManager(store)
    const status = await manager.status()
    expect(status).toMatchObject({ identity: 'not-meridian', upToDate: false, tooNew: false, pending: [], prefixes: ['config', 'users/'] })
    expect(await manager.recordCounts()).toEqual({
      keys: 3,
      prefixes: [
        { prefix: 'config', records: 1, versions: null },
        { prefix: 'users/', records: 2, versions: null }
      ]
    })
  })

  it('refuses to dry-run or migrate a store that is not Meridian’s with NOT_A_MERIDIAN_STORE, leaving every key as it was', async () => {
    const store = await temp.newStore()
    await putAll(store.db, FOREIGN)
    const before = await snapshotDb(store.db)
    const manager = new MigrationManager(store)
    const attempts = [() => manager.dryRun(), () => manager.migrate({ logger: silentLogger }), () => manager.migrate({ to: 1, logger: silentLogger })]
    for (const attempt of attempts) {
      const error = await rejectionOf(attempt())
      expect(error.code).toBe('NOT_A_MERIDIAN_STORE')
      expect(error.message).toContain('not a Meridian store')
    }
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await manager.listBackups()).toEqual([])
  })

  it('has checkAndMigrate refuse a store that is not Meridian’s, leaving it as it was', async () => {
    const store = await temp.newStore()
    await putAll(store.db, FOREIGN)
    await store.close()
    const before = await snapshotDir(store.dataDir)
    const error = await rejectionOf(checkAndMigrate(store.dataDir, { logger: silentLogger }))
    expect(error.code).toBe('NOT_A_MERIDIAN_STORE')
    expect(await snapshotDir(store.dataDir)).toEqual(before)
    const reopened = await MeridianStore.open(store.dataDir)
    try {
      expect(await reopened.readHistory()).toEqual([])
    } finally {
      await reopened.close()
    }
  })
})
