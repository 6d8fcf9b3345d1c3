import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { pruneBackups } from '../../../../../src/main/engine/backup/folder/prune.ts'
import { planRetention, type RetentionPolicy } from '../../../../../src/main/engine/backup/folder/retention.ts'
import { writeOperationRecord } from '../../../../../src/main/engine/operations/operation-record.ts'
import { seedV1Store } from '../../../../helpers/fixture-stores.ts'
import { rejectionOf, useTempStores } from '../../../../helpers/temp-store.ts'
import { backupFile, flipMiddleByte } from '../../../cli/run-cli.ts'

const NOW = new Date('2024-06-01T00:00:00Z')
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString()
/** Backups newest first: b0 is `ages[0]` days old, b1 `ages[1]`, … */
const backupsAged = (...ages: number[]): Array<{ id: string; createdAt: string }> => ages.map((age, i) => ({ id: `b${i}`, createdAt: daysAgo(age) }))

function plan(
  ages: number[],
  policy: RetentionPolicy,
  extra: { protectedIds?: string[]; newestVerifiedId?: string | null } = {}
): { deleted: string[]; kept: string[]; reasons: Map<string, string> } {
  const backups = backupsAged(...ages)
  const result = planRetention({
    backups,
    policy,
    protectedIds: new Set(extra.protectedIds ?? []),
    newestVerifiedId: extra.newestVerifiedId === undefined ? (backups[0]?.id ?? null) : extra.newestVerifiedId,
    now: NOW
  })
  const reasons = new Map([...result.delete, ...result.keep].map(({ backup, reason }) => [backup.id, reason]))
  return { deleted: result.delete.map((d) => d.backup.id), kept: result.keep.map((k) => k.backup.id).sort(), reasons }
}

describe('planRetention', () => {
  it('keeps the newest N whatever their age and deletes the older ones past the age', () => {
    const result = plan([40, 50, 60, 70, 80], { keepNewest: 2, olderThanDays: 30 })
    expect(result.deleted).toEqual(['b2', 'b3', 'b4'])
    expect(result.kept).toEqual(['b0', 'b1'])
    expect(result.reasons.get('b1')).toBe('among the newest 2')
    expect(result.reasons.get('b3')).toBe('beyond the newest 2 and 70 days old')
  })

  it('keeps backups beyond N that are not older than D days', () => {
    const result = plan([1, 2, 10, 29, 31], { keepNewest: 1, olderThanDays: 30 })
    expect(result.deleted).toEqual(['b4'])
    expect(result.reasons.get('b3')).toBe('not older than 30 days')
  })

  it('never deletes the newest verified backup, even older than D and with N = 0', () => {
    const result = plan([100, 200], { keepNewest: 0, olderThanDays: 30 })
    expect(result.deleted).toEqual(['b1'])
    expect(result.reasons.get('b0')).toBe('the newest backup that verifies')
  })

  it('a damaged newest backup does not protect itself: the newest one that verifies is kept instead', () => {
    const result = plan([100, 200, 300], { keepNewest: 0, olderThanDays: 30 }, { newestVerifiedId: 'b1' })
    expect(result.deleted).toEqual(['b0', 'b2'])
    expect(result.kept).toEqual(['b1'])
  })

  it('keeps a backup named by an interrupted operation', () => {
    const result = plan([100, 200, 300], { keepNewest: 0, olderThanDays: 30 }, { protectedIds: ['b2'] })
    expect(result.deleted).toEqual(['b1'])
    expect(result.reasons.get('b2')).toBe('needed by an interrupted operation')
  })

  it('deletes nothing when there are no backups or none is old enough, and measures hours', () => {
    expect(plan([], { keepNewest: 0, olderThanDays: 0 }).deleted).toEqual([])
    expect(plan([0.25, 0.75], { keepNewest: 0, olderThanDays: 0.5 }).deleted).toEqual(['b1'])
  })

  it('rejects a negative or fractional N and a negative age with INVALID_INPUT', () => {
    for (const policy of [
      { keepNewest: -1, olderThanDays: 1 },
      { keepNewest: 1.5, olderThanDays: 1 },
      { keepNewest: 1, olderThanDays: -1 }
    ]) {
      expect(() => plan([1], policy)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    }
  })
})

describe('MigrationManager.pruneBackups', () => {
  const stores = useTempStores()
  const FUTURE = new Date(Date.now() + 365 * 86_400_000)

  async function withBackups(count: number): Promise<{ manager: MigrationManager; ids: string[] }> {
    const store = await stores.newStore()
    await seedV1Store(store, 5, { foreign: false })
    const manager = new MigrationManager(store)
    for (let i = 0; i < count; i++) await manager.createBackup()
    return { manager, ids: (await manager.listBackups()).map((b) => b.id) }
  }

  it('deletes beyond the newest N and older than D; a dry run deletes nothing', async () => {
    const { manager, ids } = await withBackups(4)
    const dry = await manager.pruneBackups({ keepNewest: 1, olderThanDays: 30, dryRun: true, now: FUTURE })
    expect(dry.dryRun).toBe(true)
    expect(dry.deleted.map((b) => b.id)).toEqual(ids.slice(1))
    expect((await manager.listBackups()).map((b) => b.id)).toEqual(ids)

    const real = await manager.pruneBackups({ keepNewest: 1, olderThanDays: 30, now: FUTURE })
    expect(real.deleted.map((b) => b.id)).toEqual(ids.slice(1))
    expect(real.kept.map((b) => b.id)).toEqual([ids[0]])
    expect((await manager.listBackups()).map((b) => b.id)).toEqual([ids[0]])
  })

  it('keeps everything under the defaults when the backups are fresh', async () => {
    const { manager, ids } = await withBackups(3)
    const result = await manager.pruneBackups()
    expect(result.deleted).toEqual([])
    expect(result.kept.map((b) => b.id).sort()).toEqual([...ids].sort())
  })

  it('with a damaged newest backup, deletes it and keeps the newest one that verifies', async () => {
    const { manager, ids } = await withBackups(3)
    await flipMiddleByte(await backupFile(manager.backupDir, ids[0] ?? ''))
    const result = await manager.pruneBackups({ keepNewest: 0, olderThanDays: 0, now: FUTURE })
    expect(result.kept.map((b) => b.id)).toEqual([ids[1]])
    expect(result.reasons[ids[1] ?? '']).toBe('the newest backup that verifies')
    expect(result.deleted.map((b) => b.id).sort()).toEqual([ids[0], ids[2]].sort())
  })

  it('keeps the backup an interrupted operation names', async () => {
    const { manager, ids } = await withBackups(3)
    const old = ids[2] ?? ''
    await writeOperationRecord(manager.store, {
      kind: 'migrate',
      phase: 'applying',
      startedAt: new Date().toISOString(),
      name: 'test',
      fromVersion: 1,
      toVersion: 3,
      revertTo: { id: old, path: manager.backups.repository.pathFor(old) },
      source: null
    })
    // Called below the manager, which would first recover (and clear) the note.
    const result = await pruneBackups(manager.store, manager.backups, { keepNewest: 0, olderThanDays: 0, now: FUTURE })
    expect(result.deleted.map((b) => b.id)).toEqual([ids[1]])
    expect(result.reasons[old]).toBe('needed by an interrupted operation')
  })

  it('rejects a bad policy with INVALID_INPUT before deleting anything', async () => {
    const { manager, ids } = await withBackups(2)
    expect((await rejectionOf(manager.pruneBackups({ keepNewest: -1 }))).code).toBe('INVALID_INPUT')
    expect((await manager.listBackups()).map((b) => b.id)).toEqual(ids)
  })
})
