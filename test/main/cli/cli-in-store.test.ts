import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LEGACY_BACKUP_KEY } from '../../../src/main/demo/demo-store.ts'
import { backupInfoSchema, restoreResultSchema, verifyReportSchema } from '../../../src/shared/backup.ts'
import { inStoreRemovalSchema, listedBackupSchema } from '../../../src/shared/in-store-backup.ts'
import { hexOf, snapshotDir, useTempStores, type Snapshot } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

const under = (snapshot: Snapshot, prefix: string): Snapshot => Object.fromEntries(Object.entries(snapshot).filter(([key]) => key.startsWith(hexOf(prefix))))
const outside = (snapshot: Snapshot, ...prefixes: string[]): Snapshot =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => !prefixes.some((prefix) => key.startsWith(hexOf(prefix)))))

describe('meridian-admin with in-store (legacy) backups', () => {
  const temp = useTempStores()

  async function demoStore(): Promise<string> {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli(['demo', dir, '--count', '50', '--legacy-backup'])
    expect(run.code, run.stderr).toBe(0)
    return dir
  }

  /** Writes raw keys into a closed store (as a damaged Meridian store would hold them). */
  async function writeKeys(dir: string, entries: Array<[string, string]>): Promise<void> {
    const store = await temp.open(dir, { access: 'write' })
    await store.db.batch(entries.map(([key, value]) => ({ type: 'put' as const, key: Buffer.from(key), value: Buffer.from(value) })))
    await store.close()
  }

  it('backups lists its own backups and in-store ones, marked by kind (JSON) and under their own heading', async () => {
    const dir = await demoStore()
    expect((await runCli(['backup', dir])).code).toBe(0)
    const run = await runCli(['backups', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const listed = listedBackupSchema.array().parse(jsonOf(run))
    expect(listed.map((backup) => backup.kind)).toEqual(['archive', 'in-store'])
    expect(listed[1]).toMatchObject({ id: LEGACY_BACKUP_KEY, prefix: 'task:', records: 5, damaged: null })
    const human = await runCli(['backups', dir])
    expect(human.stdout).toMatch(/In-store backups/)
    expect(human.stdout).toMatch(new RegExp(`${LEGACY_BACKUP_KEY}\\s+2024-01-01 12:00:00 UTC\\s+task:\\s+5`))
  })

  it('verify checks an in-store backup: exit 0 intact, exit 1 naming a missing key', async () => {
    const dir = await demoStore()
    const ok = await runCli(['verify', dir, LEGACY_BACKUP_KEY, '--json'])
    expect(ok.code, ok.stderr).toBe(0)
    expect(verifyReportSchema.parse(jsonOf(ok))).toMatchObject({ ok: true, records: 5 })

    const store = await temp.open(dir, { access: 'write' })
    const [entry] = await store.db.keys({ gt: Buffer.from(`${LEGACY_BACKUP_KEY}:`), limit: 1 }).all()
    await store.db.del(entry as Buffer)
    await store.close()
    const missingKey = (entry as Buffer).toString().slice(LEGACY_BACKUP_KEY.length + 1)
    const bad = await runCli(['verify', dir, LEGACY_BACKUP_KEY])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain(`1 of the 5 keys its metadata names have no entry (${missingKey})`)
  })

  it('restore --yes returns task: to the in-store backup’s records, backing up the current state first', async () => {
    const dir = await demoStore()
    expect((await runCli(['migrate', dir])).code).toBe(0)
    const before = await snapshotDir(dir)
    const run = await runCli(['restore', dir, LEGACY_BACKUP_KEY, '--yes', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = restoreResultSchema.parse(jsonOf(run))
    expect(result).toMatchObject({ backupId: LEGACY_BACKUP_KEY, fromVersion: 2, toVersion: 1 })
    const after = await snapshotDir(dir)
    expect(Object.keys(under(after, 'task:'))).toHaveLength(5)
    expect(under(after, 'episode:')).toEqual(under(before, 'episode:'))
    const files = backupInfoSchema.array().parse(jsonOf<Array<{ kind: string }>>(await runCli(['backups', dir, '--json'])).filter((b) => b.kind !== 'in-store'))
    expect(files.map((b) => b.reason).sort()).toEqual(['in-store-export', 'pre-migration', 'pre-restore'])
    const human = await runCli(['history', dir])
    expect(human.stdout).toContain(`Restore in-store backup ${LEGACY_BACKUP_KEY}`)
  })

  it('export prints the new backup id; that file verifies and restores like any backup', async () => {
    const dir = await demoStore()
    const human = await runCli(['export', dir, LEGACY_BACKUP_KEY])
    expect(human.code, human.stderr).toBe(0)
    const id = /Exported \S+ to backup (backup_\d{8}_\d{6}(?:_\d+)?)/.exec(human.stdout)?.[1] ?? ''
    expect(id).not.toBe('')
    expect((await runCli(['verify', dir, id])).code).toBe(0)
    const restore = await runCli(['restore', dir, id, '--yes'])
    expect(restore.code, restore.stderr).toBe(0)
    expect(Object.keys(under(await snapshotDir(dir), 'task:'))).toHaveLength(5)
  })

  it('remove-in-store ID --yes deletes that backup only and reports what it reclaimed; --all removes the rest', async () => {
    const dir = await demoStore()
    await writeKeys(dir, [['_backup_20240301_000000', '{damaged']])
    const before = await snapshotDir(dir)
    const one = await runCli(['remove-in-store', dir, LEGACY_BACKUP_KEY, '--yes', '--json'])
    expect(one.code, one.stderr).toBe(0)
    expect(inStoreRemovalSchema.parse(jsonOf(one))).toMatchObject({ removed: [LEGACY_BACKUP_KEY], keysDeleted: 6 })
    expect(await snapshotDir(dir)).toEqual(outside(before, LEGACY_BACKUP_KEY))

    const all = await runCli(['remove-in-store', dir, '--all', '--yes'])
    expect(all.code, all.stderr).toBe(0)
    expect(all.stdout).toContain('Removed 1 in-store backup: _backup_20240301_000000')
    expect(await snapshotDir(dir)).toEqual(outside(before, '_backup_'))
  })

  it.each([
    ['remove-in-store without --yes and no terminal', ['remove-in-store', '{dir}', LEGACY_BACKUP_KEY], 'INVALID_INPUT', 2],
    ['remove-in-store with a file backup id', ['remove-in-store', '{dir}', 'backup_20240101_120000', '--yes'], 'INVALID_INPUT', 2],
    ['remove-in-store with both an id and --all', ['remove-in-store', '{dir}', LEGACY_BACKUP_KEY, '--all', '--yes'], 'INVALID_INPUT', 2],
    ['remove-in-store with neither', ['remove-in-store', '{dir}', '--yes'], 'INVALID_INPUT', 2],
    ['remove-in-store of an id the store lacks', ['remove-in-store', '{dir}', '_backup_20991231_000000', '--yes'], 'BACKUP_NOT_FOUND', 2],
    ['export of a path-like id', ['export', '{dir}', '_backup_../../etc'], 'INVALID_INPUT', 2],
    ['export of an id the store lacks', ['export', '{dir}', '_backup_20991231_000000'], 'BACKUP_NOT_FOUND', 2],
    ['verify of a malformed id', ['verify', '{dir}', '_backup_2024'], 'INVALID_INPUT', 2],
    ['restore of an id the store lacks', ['restore', '{dir}', '_backup_20991231_000000', '--yes'], 'BACKUP_NOT_FOUND', 2],
    ['restore of a damaged one', ['restore', '{dir}', '_backup_20240301_000000', '--yes'], 'BACKUP_CORRUPT', 1]
  ])('%s: a coded error, exit code as documented, store untouched', async (_name, args, code, exit) => {
    const dir = await demoStore()
    await writeKeys(dir, [['_backup_20240301_000000', '{"timestamp":"t","prefix":"task:","item_count":"two","keys":[]}']])
    const before = await snapshotDir(dir)
    const run = await runCli([...args.map((arg) => arg.replace('{dir}', dir)), '--json'])
    expect(run.code, run.stderr).toBe(exit)
    expect(jsonOf<{ error: { code: string; message: string } }>(run).error.code).toBe(code)
    expect(await snapshotDir(dir)).toEqual(before)
  })
})
