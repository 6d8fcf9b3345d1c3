import path from 'node:path'
import { readdir } from 'node:fs/promises'
import { ClassicLevel } from 'classic-level'
import { describe, expect, it } from 'vitest'
import { dryRunReportSchema, migrateResultSchema } from '../../../src/shared/migration-result.ts'
import { snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { taskV1 } from '../../helpers/tasks.ts'
import { jsonOf, runCli } from './run-cli.ts'

const temp = useTempStores()

/** Three unversioned tasks: Meridian's migration v1, a first-release one with related_tasks, and one whose timeout_hours a u32 cannot hold. */
async function preVersioningStore(withLoss: boolean): Promise<string> {
  const dir = path.join(await temp.root(), 'store')
  const raw = new ClassicLevel(dir)
  await raw.put('task:a', JSON.stringify(taskV1({ id: 'a' })))
  await raw.put('task:b', JSON.stringify(taskV1({ id: 'b', related_tasks: ['a'] })))
  await raw.put('task:c', JSON.stringify(taskV1({ id: 'c', started_at: '2024-03-01T09:30:00Z', timeout_hours: withLoss ? 4.5 : 8 })))
  await raw.close()
  return dir
}

describe('meridian-admin migrate: what each field of v1 → v2 keeps, defaults and loses', () => {
  it('the dry run lists the fields and, with a value to replace, the loss instead of "Every record migrates cleanly"', async () => {
    const dir = await preVersioningStore(true)
    const before = await snapshotDir(dir)
    const run = await runCli(['migrate', dir, '--to', '2', '--dry-run'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Fields (Task v1 → v2: Add depends_on and related_tasks fields):')
    expect(run.stdout).toMatch(/related_tasks {2}1 kept, 2 defaulted\n/)
    expect(run.stdout).toMatch(/timeout_hours {2}0 kept, 2 defaulted, 1 lost a value \(replaced by the default\)\n/)
    expect(run.stdout).not.toContain('Every record migrates cleanly')
    expect(run.stdout).toContain('⚠ 1 record would lose data (migrate needs --allow-data-loss):')
    expect(run.stdout).toContain('task:c: timeout_hours: 4.5 (not a u32')
    const json = dryRunReportSchema.parse(jsonOf(await runCli(['migrate', dir, '--to', '2', '--dry-run', '--json'])))
    expect(json.fields?.find((row) => row.field === 'started_at')).toEqual({ step: json.steps[0]?.name, field: 'started_at', kept: 1, defaulted: 2, lost: 0 })
    expect(json.losses).toMatchObject({ records: 1 })
    expect(await snapshotDir(dir)).toEqual(before)
  })

  it('refuses the upgrade with DATA_LOSS_REFUSED (exit 2, store untouched, no backup); --allow-data-loss goes ahead and reports the loss', async () => {
    const dir = await preVersioningStore(true)
    const before = await snapshotDir(dir)
    const refused = await runCli(['migrate', dir, '--to', '2'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('[DATA_LOSS_REFUSED]')
    expect(refused.stderr).toContain('Upgrading v1 -> v2 would lose data in 1 of 3 records')
    expect(refused.stderr).toContain('Pass --allow-data-loss')
    expect(await snapshotDir(dir)).toEqual(before)
    expect(await readdir(`${dir}.backups`).catch(() => [])).toEqual([])

    const allowed = await runCli(['migrate', dir, '--to', '2', '--allow-data-loss', '--json'])
    expect(allowed.code, allowed.stderr).toBe(0)
    const result = migrateResultSchema.parse(jsonOf(allowed))
    expect(result.fields?.find((row) => row.field === 'timeout_hours')).toMatchObject({ kept: 0, defaulted: 2, lost: 1 })
  })

  it('a store with nothing to replace migrates without the flag, and the summary says what was kept', async () => {
    const dir = await preVersioningStore(false)
    const run = await runCli(['migrate', dir, '--to', '2'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('✓ Migration completed successfully')
    expect(run.stdout).toMatch(/ {6}timeout_hours {2}1 kept, 2 defaulted\n/)
  })
})
