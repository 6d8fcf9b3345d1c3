import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { taskV1Schema } from '../../../src/main/engine/schemas/task-v1.ts'
import { backupInfoSchema, pruneResultSchema } from '../../../src/shared/backup.ts'
import { dryRunReportSchema, migrateResultSchema } from '../../../src/shared/migration-result.ts'
import { SPEC_REFS_SET } from '../../helpers/example-set.ts'
import { listDir, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

describe('meridian-admin prune and migrate --to (downgrade)', () => {
  const temp = useTempStores()

  async function demoStore(version: '1' | '2', count = 30): Promise<string> {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli(['demo', dir, '--count', String(count), '--version', version])
    expect(run.code, run.stderr).toBe(0)
    return dir
  }

  async function takeBackups(dir: string, count: number): Promise<string[]> {
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const run = await runCli(['backup', dir, '--json'])
      expect(run.code, run.stderr).toBe(0)
      ids.push(backupInfoSchema.parse(jsonOf(run)).id)
    }
    return ids.reverse()
  }

  it('prune --dry-run --json lists what would go and why, and deletes nothing', async () => {
    const dir = await demoStore('1', 10)
    const ids = await takeBackups(dir, 3)
    const run = await runCli(['prune', dir, '--keep', '1', '--older-than', '0h', '--dry-run', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = pruneResultSchema.parse(jsonOf(run))
    expect(result.dryRun).toBe(true)
    expect(result.deleted.map((b) => b.id).sort()).toEqual(ids.slice(1).sort())
    expect(result.kept.map((b) => b.id)).toEqual([ids[0]])
    expect(Object.keys(result.reasons).sort()).toEqual([...ids].sort())
    expect(await listDir(`${dir}.backups`)).toHaveLength(3)

    const human = await runCli(['prune', dir, '--keep', '1', '--older-than', '0h', '--dry-run'])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toContain('Would delete 2 of 3 backups')
    expect(human.stdout).toContain('nothing was deleted')
    expect(human.stdout).toContain('the newest backup that verifies')
  })

  it('prune deletes beyond --keep and past --older-than; defaults keep fresh backups', async () => {
    const dir = await demoStore('1', 10)
    const ids = await takeBackups(dir, 3)
    const defaults = await runCli(['prune', dir, '--json'])
    expect(defaults.code, defaults.stderr).toBe(0)
    expect(pruneResultSchema.parse(jsonOf(defaults)).deleted).toEqual([])

    const run = await runCli(['prune', dir, '--keep', '2', '--older-than', '0d'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`Deleted 1 of 3 backups`)
    expect(run.stdout).toContain(ids[2])
    expect(await listDir(`${dir}.backups`)).toHaveLength(2)
  })

  it.each([
    [['--keep', '-1'], '--keep'],
    [['--keep', 'many'], '--keep'],
    [['--older-than', '30'], '--older-than'],
    [['--older-than', '2w'], '--older-than'],
    [['--older-than', '-3d'], '--older-than']
  ])('prune %j exits 2 with INVALID_INPUT naming the option', async (args, option) => {
    const dir = await demoStore('1', 5)
    const run = await runCli(['prune', dir, ...args, '--json'])
    expect(run.code).toBe(2)
    expect(jsonOf<{ error: { code: string; message: string } }>(run).error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(run.stderr).toContain(option)
  })

  it('migrate --to 1 --dry-run shows the losses', async () => {
    const dir = await demoStore('2')
    const json = await runCli(['migrate', dir, '--to', '1', '--dry-run', '--json'])
    expect(json.code, json.stderr).toBe(0)
    const report = dryRunReportSchema.parse(jsonOf(json))
    expect(report.losses?.records).toBeGreaterThan(0)
    const human = await runCli(['migrate', dir, '--to', '1', '--dry-run'])
    expect(human.stdout).toMatch(/records? would lose data \(migrate needs --allow-data-loss\)/)
    expect(human.stdout).toMatch(/task:\S+: /)
  })

  it('migrate --to 1 refuses without --allow-data-loss: exit 2, DATA_LOSS_REFUSED, store untouched, no backup', async () => {
    const dir = await demoStore('2')
    const before = await snapshotDir(dir)
    const run = await runCli(['migrate', dir, '--to', '1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('[DATA_LOSS_REFUSED]')
    expect(run.stderr).toMatch(/would lose data in \d+ of 30 records/)
    expect(run.stderr).toContain('Pass --allow-data-loss')
    expect(await snapshotDir(dir)).toEqual(before)
    expect(await listDir(`${dir}.backups`)).toEqual([])
    const json = await runCli(['migrate', dir, '--to', '1', '--json'])
    expect(json.code).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(json).error.code).toBe('DATA_LOSS_REFUSED')
  })

  it('migrate --to 1 --allow-data-loss downgrades a Meridian v2 store after a backup; history shows v2 -> v1', async () => {
    const dir = await demoStore('2')
    const run = await runCli(['migrate', dir, '--to', '1', '--allow-data-loss', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = migrateResultSchema.parse(jsonOf(run))
    expect(result).toMatchObject({ status: 'migrated', from: 2, to: 1, itemsMigrated: 30 })
    expect(await listDir(`${dir}.backups`)).toHaveLength(1)
    const store = await temp.open(dir)
    expect(await store.readVersion()).toBe(1)
    const history = await store.readHistory()
    expect(history.at(-1)).toMatchObject({ from_version: 2, to_version: 1, success: true })
    for await (const [, value] of store.db.iterator({ gte: Buffer.from('task:'), lt: Buffer.from('task;') })) {
      expect(taskV1Schema.safeParse(JSON.parse(value.toString('utf8'))).success).toBe(true)
    }
  })

  it('with --migrations the example set, downgrades v3 → v1 in one pass, refused first without --allow-data-loss', async () => {
    const dir = await demoStore('2')
    const set = ['--migrations', SPEC_REFS_SET]
    expect(jsonOf(await runCli(['migrate', dir, ...set, '--json']))).toMatchObject({ status: 'migrated', from: 2, to: 3 })
    const refused = await runCli(['migrate', dir, ...set, '--to', '1', '--json'])
    expect(refused.code).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(refused).error.code).toBe('DATA_LOSS_REFUSED')
    const run = await runCli(['migrate', dir, ...set, '--to', '1', '--allow-data-loss', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(migrateResultSchema.parse(jsonOf(run))).toMatchObject({
      status: 'migrated',
      from: 3,
      to: 1,
      itemsMigrated: 30,
      steps: [
        { from: 3, to: 2, items: 30 },
        { from: 2, to: 1, items: 30 }
      ]
    })
    const store = await temp.open(dir)
    for await (const [, value] of store.db.iterator({ gte: Buffer.from('task:'), lt: Buffer.from('task;') })) {
      expect(taskV1Schema.safeParse(JSON.parse(value.toString('utf8'))).success).toBe(true)
    }
  })
})
