import { cp } from 'node:fs/promises'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { describe, expect, it } from 'vitest'
import { historyEntrySchema } from '../../../src/shared/history.ts'
import { dryRunReportSchema, migrateResultSchema } from '../../../src/shared/migration-result.ts'
import { storeReportSchema } from '../../../src/shared/store-status.ts'
import { SPEC_REFS_SET } from '../../helpers/example-set.ts'
import { hexOf, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

const HISTORY_HEX = hexOf('_migration_history')
/** Loads the example set (Task v2 → v3 and back): the chains beyond Meridian's v2 are proved with it. */
const WITH_SET = ['--migrations', SPEC_REFS_SET]
const ADMIN_HEX = hexOf('_admin:')

/** A snapshot without the keys an operation may legitimately change: the history and `_admin:` bookkeeping. */
function withoutHistory(snapshot: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== HISTORY_HEX && !key.startsWith(ADMIN_HEX)))
}

describe('meridian-admin status, migrate and history', () => {
  const temp = useTempStores()

  async function demoStore(count: number, version = '1'): Promise<string> {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli(['demo', dir, '--count', String(count), '--version', version, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(jsonOf(run)).toMatchObject({ tasks: count })
    return dir
  }

  it("shows a v1 demo store behind Meridian's target v2, with the pending step and the record counts (status --json)", async () => {
    const dir = await demoStore(200)
    const run = await runCli(['status', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const status = storeReportSchema.parse(jsonOf(run))
    expect(status).toMatchObject({ currentVersion: 1, targetVersion: 2, upToDate: false })
    expect(status.pending.map(({ from, to }) => [from, to])).toEqual([[1, 2]])
    expect(status.pending.every((step) => step.name.length > 0)).toBe(true)
    const tasks = status.counts.prefixes.find((group) => group.prefix === 'task:')
    expect(tasks).toMatchObject({ records: 200, versions: { '1': 200 } })
    expect(status.counts.prefixes.find((group) => group.prefix === 'episode:')?.records).toBe(20)
  })

  it('with --migrations the example set, shows target v3 and both pending steps', async () => {
    const dir = await demoStore(20)
    const status = storeReportSchema.parse(jsonOf(await runCli(['status', dir, ...WITH_SET, '--json'])))
    expect(status).toMatchObject({ currentVersion: 1, targetVersion: 3, upToDate: false })
    expect(status.pending.map(({ from, to, name }) => [from, to, name])).toEqual([
      [1, 2, 'Task v1 → v2: Add depends_on and related_tasks fields'],
      [2, 3, 'Task v2 → v3: Replace spec_ref with spec_refs']
    ])
  })

  it('loads the example set from a copy outside this repository, where Node takes its .ts module for CommonJS', async () => {
    const dir = await demoStore(20)
    const copy = path.join(await temp.root(), 'my-migrations')
    await cp(SPEC_REFS_SET, copy, { recursive: true })
    const run = await runCli(['status', dir, '--migrations', copy, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(storeReportSchema.parse(jsonOf(run))).toMatchObject({ currentVersion: 1, targetVersion: 3 })
  })

  it("prints status in the seed's Schema Version Status layout", async () => {
    const dir = await demoStore(30)
    const run = await runCli(['status', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.startsWith('Schema Version Status\n====================\nCurrent version: v1\nTarget version:  v2\n\n')).toBe(true)
    expect(run.stdout).toContain('  - v1 -> v2: ')
    expect(run.stdout).toContain('Records:')
    expect(run.stdout).toContain('Migration History:\n------------------\n')
  })

  it('migrates v1 → v3 with the example set (migrate --migrations --json), after which status is up to date and history --json has the success entry', async () => {
    const dir = await demoStore(300)
    const migrate = await runCli(['migrate', dir, ...WITH_SET, '--json'])
    expect(migrate.code, migrate.stderr).toBe(0)
    const result = migrateResultSchema.parse(jsonOf(migrate))
    expect(result).toMatchObject({ status: 'migrated', from: 1, to: 3, itemsMigrated: 300 })
    expect(result.backupId).toMatch(/^backup_\d{8}_\d{6}/)

    const status = storeReportSchema.parse(jsonOf(await runCli(['status', dir, ...WITH_SET, '--json'])))
    expect(status).toMatchObject({ currentVersion: 3, upToDate: true, pending: [] })
    expect(status.counts.prefixes.find((group) => group.prefix === 'task:')?.versions).toEqual({ '3': 300 })

    const history = historyEntrySchema.array().parse(jsonOf(await runCli(['history', dir, '--json'])))
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ from_version: 1, to_version: 3, success: true, status: 'success', items_migrated: 300, backup_key: result.backupId })

    const human = await runCli(['status', dir, ...WITH_SET])
    expect(human.stdout).toContain('✓ Schema is up to date')
    expect(human.stdout).toMatch(/1\. v1 -> v3 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n {3}Status: ✓ Success\n {3}Items migrated: 300\n/)
  })

  it('says a Meridian v2 store is up to date (status and migrate: "up-to-date", no backup, nothing written)', async () => {
    const dir = await demoStore(10, '2')
    const before = await snapshotDir(dir)
    const status = storeReportSchema.parse(jsonOf(await runCli(['status', dir, '--json'])))
    expect(status).toMatchObject({ currentVersion: 2, targetVersion: 2, upToDate: true, tooNew: false, pending: [] })
    const run = await runCli(['migrate', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(jsonOf(run)).toMatchObject({ status: 'up-to-date', from: 2, to: 2, itemsMigrated: 0, backupId: null })
    expect(await snapshotDir(dir)).toEqual(before)
  })

  it('calls a v3 store too new without the set (exit 2, VERSION_TOO_NEW) and up to date with it', async () => {
    const dir = await demoStore(10)
    expect((await runCli(['migrate', dir, ...WITH_SET, '--json'])).code).toBe(0)
    const without = await runCli(['migrate', dir, '--json'])
    expect(without.code).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(without).error.code).toBe('VERSION_TOO_NEW')
    expect(storeReportSchema.parse(jsonOf(await runCli(['status', dir, '--json'])))).toMatchObject({ currentVersion: 3, targetVersion: 2, tooNew: true })
    expect(jsonOf(await runCli(['migrate', dir, ...WITH_SET, '--json']))).toMatchObject({ status: 'up-to-date', from: 3, to: 3 })
  })

  it.each(['status', 'migrate', 'history', 'backups'])(
    '%s --migrations with a folder that does not exist: exit 2, MIGRATION_SET_INVALID naming it, store untouched',
    async (command) => {
      const dir = await demoStore(5)
      const before = await snapshotDir(dir)
      const missing = path.join(path.dirname(dir), 'no-such-set')
      const run = await runCli([command, dir, '--migrations', missing, '--json'])
      expect(run.code).toBe(2)
      const { error } = jsonOf<{ error: { code: string; message: string } }>(run)
      expect(error.code).toBe('MIGRATION_SET_INVALID')
      expect(error.message).toContain(missing)
      expect(await snapshotDir(dir)).toEqual(before)
    }
  )

  it("prints the seed's completion lines for a human migrate, progress on stderr only", async () => {
    const dir = await demoStore(100)
    const run = await runCli(['migrate', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('✓ Migration completed successfully\n')
    expect(run.stdout).toMatch(/ {2}- v1 -> v2: 100 items migrated in \d+\.\d\ds\n/)
    expect(run.stdout).toMatch(/ {4}Backup created: backup_\d{8}_\d{6}/)
    expect(run.stderr).toMatch(/Migrating.*100\/100/)
  })

  it('migrates only to --to when asked', async () => {
    const dir = await demoStore(50)
    const run = await runCli(['migrate', dir, '--to', '2', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(jsonOf(run)).toMatchObject({ status: 'migrated', from: 1, to: 2, itemsMigrated: 50 })
  })

  it('writes nothing on a dry run (migrate --dry-run --json) and reports what would change', async () => {
    const dir = await demoStore(120, 'mixed')
    const status = storeReportSchema.parse(jsonOf(await runCli(['status', dir, ...WITH_SET, '--json'])))
    const versions = status.counts.prefixes.find((group) => group.prefix === 'task:')?.versions ?? {}
    const behind = Object.entries(versions).reduce((sum, [version, n]) => (Number(version) < status.targetVersion ? sum + n : sum), 0)
    const before = await snapshotDir(dir)
    const run = await runCli(['migrate', dir, '--dry-run', ...WITH_SET, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const report = dryRunReportSchema.parse(jsonOf(run))
    expect(report).toMatchObject({ from: 1, to: status.targetVersion, itemsScanned: 120, failures: [] })
    expect(report.itemsToMigrate).toBeGreaterThan(0)
    expect(report.itemsToMigrate).toBe(behind)
    expect(report.sample).not.toBeNull()
    expect(await snapshotDir(dir)).toEqual(before)
  })

  it('exits 1 on a failing migration, prints the seed’s failure message, and leaves the store as it was except history', async () => {
    const dir = await demoStore(80)
    const raw = new ClassicLevel(dir)
    await raw.put('task:broken', JSON.stringify({ id: 'broken', title: 42, status: 'pending' }))
    await raw.close()
    const before = await snapshotDir(dir)

    const run = await runCli(['migrate', dir, '--json'])
    expect(run.code).toBe(1)
    const { error } = jsonOf<{ error: { code: string; message: string; keys?: string[] } }>(run)
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toMatch(/^Migration failed: .*\(key task:broken\)/)
    expect(error.keys).toEqual(['task:broken'])
    expect(run.stderr).toMatch(/✗ Migration failed: .*\(key task:broken\)\nDatabase has been rolled back to previous state/)

    const after = await snapshotDir(dir)
    expect(withoutHistory(after)).toEqual(withoutHistory(before))
    const history = historyEntrySchema.array().parse(jsonOf(await runCli(['history', dir, '--json'])))
    expect(history.at(-1)).toMatchObject({ success: false, status: 'failed' })
  })

  it('exits 1 on a dry run that finds failures, listing the failing key', async () => {
    const dir = await demoStore(20)
    const raw = new ClassicLevel(dir)
    await raw.put('task:broken', JSON.stringify({ id: 'broken', title: 'x', status: 'nonsense' }))
    await raw.close()
    const run = await runCli(['migrate', dir, '--dry-run'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('task:broken: ')
  })

  it('exits 2 with VERSION_TOO_NEW for a store newer than this tool', async () => {
    const dir = await demoStore(5)
    const raw = new ClassicLevel(dir)
    await raw.put('_schema_version', '4')
    await raw.close()
    const run = await runCli(['migrate', dir, '--json'])
    expect(run.code).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(run).error.code).toBe('VERSION_TOO_NEW')
  })
})
