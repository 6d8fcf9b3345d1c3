import { describe, expect, it } from 'vitest'
import { pruneBackups } from '../../../../../src/main/engine/backup/folder/prune.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../../helpers/fixture-stores.ts'
import { rejectionOf, useTempStores } from '../../../../helpers/temp-store.ts'
import { backupFile, flipMiddleByte } from '../../../cli/run-cli.ts'

const FUTURE = new Date(Date.now() + 365 * 86_400_000)

describe('pruning limited to confirmed backups, and after a migration', () => {
  const stores = useTempStores()

  async function withBackups(count: number): Promise<{ manager: MigrationManager; ids: string[] }> {
    const store = await stores.newStore()
    await seedV1Store(store, 5, { foreign: false })
    const manager = new MigrationManager(store)
    for (let i = 0; i < count; i++) await manager.createBackup()
    return { manager, ids: (await manager.listBackups()).map((b) => b.id) }
  }

  it('with `only`, deletes no backup the person did not confirm, and says why the others stayed', async () => {
    const { manager, ids } = await withBackups(4)
    const [newest, second, third, oldest] = ids as [string, string, string, string]
    const result = await manager.pruneBackups({ keepNewest: 0, olderThanDays: 0, now: FUTURE, only: [third, oldest] })
    expect(result.deleted.map((b) => b.id).sort()).toEqual([third, oldest].sort())
    expect(result.reasons[second]).toBe('not among the backups confirmed for deletion')
    expect(result.reasons[newest]).toBe('the newest backup that verifies')
    expect((await manager.listBackups()).map((b) => b.id)).toEqual([newest, second])
  })

  it('`only` never widens the policy: a confirmed id the policy keeps stays', async () => {
    const { manager, ids } = await withBackups(2)
    const result = await manager.pruneBackups({ keepNewest: 0, olderThanDays: 0, now: FUTURE, only: ids })
    expect(result.deleted.map((b) => b.id)).toEqual([ids[1]])
    expect((await manager.listBackups()).map((b) => b.id)).toEqual([ids[0]])
  })

  it('a protected backup stays even when it is damaged and the policy would delete it', async () => {
    const { manager, ids } = await withBackups(3)
    const [newest, middle, oldest] = ids as [string, string, string]
    // Damaged, the newest no longer protects itself as "the newest that verifies": only `protect` keeps it.
    await flipMiddleByte(await backupFile(manager.backupDir, newest))
    const result = await pruneBackups(manager.store, manager.backups, { keepNewest: 0, olderThanDays: 0, now: FUTURE, protect: [newest] })
    expect(result.reasons[newest]).toBe('taken by the migration just run')
    expect(result.reasons[middle]).toBe('the newest backup that verifies')
    expect(result.deleted.map((b) => b.id)).toEqual([oldest])
  })

  it('migrate with `prune` deletes old backups after committing and keeps the one it took', async () => {
    const { manager, ids } = await withBackups(3)
    const result = await manager.migrate({ prune: { keepNewest: 0, olderThanDays: 0 } })
    expect(result.status).toBe('migrated')
    const taken = result.backupId ?? ''
    expect(taken).not.toBe('')
    expect(result.pruned?.deleted.map((b) => b.id).sort()).toEqual([...ids].sort())
    expect(result.pruned?.reasons[taken]).toBe('taken by the migration just run')
    expect((await manager.listBackups()).map((b) => b.id)).toEqual([taken])
    expect(await manager.store.readVersion()).toBe(2)
  })

  it('migrate without `prune` deletes no backup', async () => {
    const { manager, ids } = await withBackups(2)
    const result = await manager.migrate()
    expect(result.pruned).toBeUndefined()
    expect((await manager.listBackups()).map((b) => b.id).sort()).toEqual([...ids, result.backupId].sort())
  })

  it('a bad prune policy is refused before the migration: INVALID_INPUT, store and backups unchanged', async () => {
    const { manager, ids } = await withBackups(1)
    const error = await rejectionOf(manager.migrate({ prune: { keepNewest: -1 } }))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('keepNewest')
    expect(await manager.store.readVersion()).toBe(1)
    expect((await manager.listBackups()).map((b) => b.id)).toEqual(ids)
  })
})
