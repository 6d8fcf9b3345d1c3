import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { readOperationRecord } from '../../../../src/main/engine/operations/operation-record.ts'
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
      expect(status.counts.prefixes.find((group) => group.prefix === 'task:')?.versions).toEqual({ '1': 2000 })
      expect(await readOperationRecord(store)).toBeNull()
      expect((await manager.history()).at(-1)).toMatchObject({ success: false })

      // And a migration after it starts from the whole v1 store, not from a mixture.
      const result = await manager.migrate()
      expect(result).toMatchObject({ status: 'migrated', from: 1, to: 2, itemsMigrated: 2000 })
    } finally {
      await store.close()
    }
  })
})
