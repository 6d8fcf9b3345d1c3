import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { storeReportSchema, storeStatusSchema } from '../../../src/shared/store-status.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

describe('meridian-admin demo', () => {
  const temp = useTempStores()

  it('makes a Meridian-shaped store whose metrics/ sub-store status, backup, migrate and restore never read or change', async () => {
    const dir = path.join(await temp.root(), 'store')
    const demo = await runCli(['demo', dir, '--count', '300', '--version', '1', '--json'])
    expect(demo.code, demo.stderr).toBe(0)
    const made = jsonOf<{ tasks: number; episodes: number; indexes: number; keys: number; metricsRecords: number }>(demo)
    expect(made).toMatchObject({ tasks: 300, episodes: 30, metricsRecords: 96 })
    expect(made.indexes).toBeGreaterThan(600)
    const metrics = path.join(dir, 'metrics')
    const untouched = await fsState(metrics)
    expect(untouched).not.toBeNull()

    const status = storeReportSchema.parse(jsonOf(await runCli(['status', dir, '--json'])))
    expect(status).toMatchObject({ identity: 'meridian', currentVersion: 1 })
    expect(status.counts.keys).toBe(made.keys)
    expect(status.counts.prefixes.map((group) => group.prefix)).toEqual([
      '_schema_version',
      'episode:',
      'idx_priority:',
      'idx_session:',
      'idx_spec:',
      'idx_status:',
      'task:'
    ])
    expect(await fsState(metrics)).toEqual(untouched)

    // --no-counts: the same status and the same prefixes, found by seeking, without a count.
    const quick = storeStatusSchema.strict().parse(jsonOf(await runCli(['status', dir, '--no-counts', '--json'])))
    expect(quick.prefixes).toEqual(status.counts.prefixes.map((group) => group.prefix))
    const human = await runCli(['status', dir])
    expect(human.code, human.stderr).toBe(0)
    // The header comes first (printed before the count starts), then the records, then the history.
    expect(human.stdout.indexOf('Store kind: LevelDB')).toBeLessThan(human.stdout.indexOf('Records:'))
    expect(human.stdout.indexOf('Records:')).toBeLessThan(human.stdout.indexOf('Migration History:'))
    expect(human.stdout).toMatch(/task:\s+300\s+\(v1: 300\)/)
    const humanQuick = await runCli(['status', dir, '--no-counts'])
    expect(humanQuick.stdout).toContain('Key prefixes (not counted):\n  _schema_version\n  episode:')
    expect(humanQuick.stdout).not.toContain('Records:')

    const backup = await runCli(['backup', dir, '--json'])
    expect(backup.code, backup.stderr).toBe(0)
    const info = backupInfoSchema.parse(jsonOf(backup))
    expect(info.records).toBe(made.keys)
    expect(await fsState(metrics)).toEqual(untouched)

    const migrate = await runCli(['migrate', dir, '--json'])
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0)
    expect(await fsState(metrics)).toEqual(untouched)

    const restore = await runCli(['restore', dir, info.id, '--yes', '--json'])
    expect(restore.code, restore.stdout + restore.stderr).toBe(0)
    expect(await fsState(metrics)).toEqual(untouched)
    expect(storeReportSchema.parse(jsonOf(await runCli(['status', dir, '--json']))).counts.keys).toBe(made.keys + 1) // + the history
  })

  it('refuses --version 3 with INVALID_INPUT naming --version and saying why, creating nothing', async () => {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli(['demo', dir, '--count', '10', '--version', '3', '--json'])
    expect(run.code).toBe(2)
    const { error } = jsonOf<{ error: { code: string; message: string } }>(run)
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('--version')
    expect(error.message).toContain('Meridian knows schema v2 at most')
    expect(existsSync(dir)).toBe(false)
  })
})
