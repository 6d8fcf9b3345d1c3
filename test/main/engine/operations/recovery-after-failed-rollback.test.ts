import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { readOperationRecord, writeOperationRecord } from '../../../../src/main/engine/operations/operation-record.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { runFaulty } from '../../../helpers/crash-harness.ts'
import { useTempStores } from '../../../helpers/temp-store.ts'
import { runCli } from '../../cli/run-cli.ts'

const temp = useTempStores()

describe('a host that keeps the store open', () => {
  it('puts back an operation whose note appeared after its first recovery, before it serves or runs anything else', async () => {
    const root = await temp.root()
    const dataDir = path.join(root, 'store')
    const backupDir = path.join(root, 'backups')
    expect((await runCli(['demo', dataDir, '--count', '2000', '--version', '1'])).code).toBe(0)
    const store = await MeridianStore.open(dataDir)
    try {
      const manager = new MigrationManager(store, { backupDir })
      expect((await manager.status()).recovery).toBeNull() // its recovery has run: nothing to do then

      // A migration killed just before its commit leaves every task migrated and its note in the store, as a
      // rollback that failed on a full disk does in the host's own process.
      const killed = await runFaulty(['migrate', dataDir, '--backup-dir', backupDir], { MERIDIAN_FAULT_AT: 'commit.before' })
      expect(killed.signal, killed.stderr).toBe('SIGKILL')

      const status = await manager.status()
      expect(status.recovery).toMatchObject({ operation: 'migrate', outcome: 'reverted' })
      expect(status.currentVersion).toBe(1)
      expect((await manager.recordCounts()).prefixes.find((group) => group.prefix === 'task:')?.versions).toEqual({ '1': 2000 })
      expect(await readOperationRecord(store)).toBeNull()
      expect((await manager.history()).at(-1)).toMatchObject({ success: false })

      // And a migration after it starts from the whole v1 store, not from a mixture.
      const result = await manager.migrate()
      expect(result).toMatchObject({ status: 'migrated', from: 1, to: 2, itemsMigrated: 2000 })
    } finally {
      await store.close()
    }
  })

  it('puts back a note left in its own process before the next operation starts, with no read in between', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 40, version: 1 })
    const manager = new MigrationManager(store)
    const before = await manager.createBackup() // its recovery has run: nothing to do then
    // A run of this process whose rollback failed leaves its note and part of its pass behind.
    await writeOperationRecord(store, {
      kind: 'migrate',
      phase: 'reverting',
      startedAt: '2026-01-01T00:00:00.000Z',
      name: 'Migrate v1 → v2',
      fromVersion: 1,
      toVersion: 2,
      revertTo: { id: before.id, path: manager.backups.repository.pathFor(before.id) },
      source: null
    })
    await store.db.put(Buffer.from('task:half-migrated'), Buffer.from('{"schema_version":2}'))

    const result = await manager.migrate()

    expect(result).toMatchObject({ status: 'migrated', from: 1, to: 2, itemsMigrated: 40 })
    expect((await manager.history()).map((entry) => entry.status)).toEqual(['recovered', 'success'])
    expect(await store.getText('task:half-migrated')).toBeUndefined()
  })
})
