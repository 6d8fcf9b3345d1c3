import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { migrateResultSchema } from '../../../src/shared/migration-result.ts'
import { listDir, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

describe('meridian-admin migrate --prune', () => {
  const temp = useTempStores()

  async function storeWithBackups(count: number): Promise<{ dir: string; ids: string[] }> {
    const dir = path.join(await temp.root(), 'store')
    const demo = await runCli(['demo', dir, '--count', '20', '--version', '1'])
    expect(demo.code, demo.stderr).toBe(0)
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const run = await runCli(['backup', dir, '--json'])
      expect(run.code, run.stderr).toBe(0)
      ids.push(backupInfoSchema.parse(jsonOf(run)).id)
    }
    return { dir, ids }
  }

  const backupIdsIn = async (dir: string): Promise<string[]> => (await listDir(`${dir}.backups`)).map((file) => file.replace(/\..*$/, '')).sort()

  it('migrates, then deletes the old backups the policy selects and keeps the one the migration took', async () => {
    const { dir, ids } = await storeWithBackups(3)
    const run = await runCli(['migrate', dir, '--prune', '--keep', '0', '--older-than', '0h', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = migrateResultSchema.parse(jsonOf(run))
    expect(result).toMatchObject({ status: 'migrated', from: 1, to: 2 })
    const taken = result.backupId ?? ''
    expect(result.pruned?.deleted.map((b) => b.id).sort()).toEqual([...ids].sort())
    expect(result.pruned?.reasons[taken]).toBe('taken by the migration just run')
    expect(await backupIdsIn(dir)).toEqual([taken])
  })

  it('says in words what it pruned; the defaults keep fresh backups', async () => {
    const { dir, ids } = await storeWithBackups(2)
    const run = await runCli(['migrate', dir, '--prune'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('✓ Migration completed successfully')
    expect(run.stdout).toMatch(/✓ Old backups pruned: 0 deleted, 3 kept/)
    expect((await backupIdsIn(dir)).filter((id) => ids.includes(id))).toEqual([...ids].sort())
  })

  it('keeps the newest N besides the one just taken and names what it deleted', async () => {
    const { dir, ids } = await storeWithBackups(3)
    const run = await runCli(['migrate', dir, '--prune', '--keep', '2', '--older-than', '0d'])
    expect(run.code, run.stderr).toBe(0)
    // Newest first: the migration's backup and ids[2] are the newest two; ids[0] and ids[1] go.
    expect(run.stdout).toContain(`✓ Old backups pruned: 2 deleted (${ids[1]}, ${ids[0]}), 2 kept`)
    expect(await backupIdsIn(dir)).toHaveLength(2)
    expect(await backupIdsIn(dir)).toContain(ids[2])
  })

  it.each([
    [['--keep', '1'], '--keep applies only with --prune'],
    [['--older-than', '3d'], '--older-than applies only with --prune'],
    [['--prune', '--keep', '-1'], '--keep'],
    [['--prune', '--older-than', '2w'], '--older-than'],
    [['--prune', '--dry-run'], '--prune cannot be combined with --dry-run']
  ])('migrate %j exits 2 with INVALID_INPUT before anything is written', async (args, message) => {
    const { dir, ids } = await storeWithBackups(1)
    const before = await snapshotDir(dir)
    const run = await runCli(['migrate', dir, ...args])
    expect(run.code, run.stdout).toBe(2)
    expect(run.stderr).toContain('[INVALID_INPUT]')
    expect(run.stderr).toContain(message)
    expect(await snapshotDir(dir)).toEqual(before)
    expect(await backupIdsIn(dir)).toEqual(ids)
  })
})
