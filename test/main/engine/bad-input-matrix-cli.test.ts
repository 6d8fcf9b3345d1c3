/**
 * Issue #5's bad-input matrix through the real CLI, for a few representative cases: exit 2 (bad input, including
 * a damaged store the user must fix) vs 1 (the operation ran and failed), and the `{"error":{code,message}}`
 * document on stdout with --json. Missing directory, empty directory, file, lock, unknown id, flipped byte and
 * VERSION_TOO_NEW are already run through the CLI in test/main/cli/cli-usage.test.ts and cli-backups.test.ts.
 */
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../src/main/engine/operations/migration-manager.ts'
import { OPERATION_KEY } from '../../../src/main/engine/operations/operation-record.ts'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { seedV1Store } from '../../helpers/fixture-stores.ts'
import { hexOf, putRaw, snapshotDir, useTempStores, without } from '../../helpers/temp-store.ts'
import { backupFile, jsonOf, runCli, type CliRun } from '../cli/run-cli.ts'

const stores = useTempStores()

/** The one JSON error document `--json` prints, checked to hold exactly `error.code` and `error.message`. */
function errorOf(run: CliRun): { code: string; message: string } {
  const document = jsonOf<{ error: { code: string; message: string } }>(run)
  expect(Object.keys(document)).toEqual(['error'])
  expect(Object.keys(document.error).sort()).toEqual(['code', 'message'])
  return document.error
}

/** A closed v1 store of 30 tasks (plus foreign keys) with a backup taken; `prepare` runs on the open store. */
async function closedStore(prepare: (store: MeridianStore) => Promise<void> = async () => undefined): Promise<{ dataDir: string; backupId: string }> {
  const store = await stores.newStore()
  await seedV1Store(store, 30)
  const { id } = await new MigrationManager(store).createBackup()
  await prepare(store)
  await store.close()
  return { dataDir: store.dataDir, backupId: id }
}

describe('meridian-admin on bad input (--json)', () => {
  it('_schema_version holding garbage: status exits 2 with CORRUPT_DATABASE naming the key; nothing changed', async () => {
    const { dataDir } = await closedStore((store) => putRaw(store.db, '_schema_version', 'three-ish'))
    const before = await snapshotDir(dataDir)
    const run = await runCli(['status', dataDir, '--json'])
    expect(run.code).toBe(2)
    const error = errorOf(run)
    expect(error.code).toBe('CORRUPT_DATABASE')
    expect(error.message).toContain('_schema_version')
    expect(await snapshotDir(dataDir)).toEqual(before)
  })

  it('a truncated backup: verify exits 1 with ok: false, restore exits 1 with BACKUP_CORRUPT naming the id; nothing changed', async () => {
    const { dataDir, backupId } = await closedStore()
    const file = await backupFile(`${dataDir}.backups`, backupId)
    await truncate(file, (await readFile(file)).length - 7)
    const before = await snapshotDir(dataDir)
    const backupsBefore = await readdir(`${dataDir}.backups`)

    const verify = await runCli(['verify', dataDir, backupId, '--json'])
    expect(verify.code).toBe(1)
    expect(jsonOf(verify)).toMatchObject({ id: backupId, ok: false, problem: expect.stringContaining(backupId) })

    const restore = await runCli(['restore', dataDir, backupId, '--yes', '--json'])
    expect(restore.code).toBe(1)
    const error = errorOf(restore)
    expect(error.code).toBe('BACKUP_CORRUPT')
    expect(error.message).toContain(backupId)
    expect(await snapshotDir(dataDir)).toEqual(before)
    expect(await readdir(`${dataDir}.backups`)).toEqual(backupsBefore)
  })

  it('an unreadable _admin:operation note: status exits 2 with CORRUPT_DATABASE naming it; restore --yes exits 0 and clears it', async () => {
    let good: Record<string, string> = {}
    const { dataDir, backupId } = await closedStore(async (store) => {
      await store.close()
      good = await snapshotDir(store.dataDir)
      const reopened = await MeridianStore.open(store.dataDir, { access: 'write' })
      await putRaw(reopened.db, OPERATION_KEY, '{"kind":')
      await reopened.close()
    })
    const before = await snapshotDir(dataDir)

    const status = await runCli(['status', dataDir, '--json'])
    expect(status.code).toBe(2)
    const error = errorOf(status)
    expect(error.code).toBe('CORRUPT_DATABASE')
    expect(error.message).toContain(OPERATION_KEY)
    expect(await snapshotDir(dataDir)).toEqual(before)

    const restore = await runCli(['restore', dataDir, backupId, '--yes', '--json'])
    expect(restore.code, restore.stderr).toBe(0)
    const after = await snapshotDir(dataDir)
    expect(after[hexOf(OPERATION_KEY)]).toBeUndefined()
    expect(without(after, '_migration_history')).toEqual(without(good, '_migration_history'))
  })

  it('a corrupt .ldb table: status exits 2 with CORRUPT_DATABASE naming the store (not INTERNAL, exit 1)', async () => {
    const { dataDir } = await closedStore()
    // A second open turns the log into an .ldb table; then 16 bytes in the middle of it are overwritten.
    await (await MeridianStore.open(dataDir, { access: 'write' })).close()
    const table = (await readdir(dataDir)).find((name) => name.endsWith('.ldb'))
    if (!table) throw new Error(`no .ldb table in ${dataDir}`)
    const bytes = await readFile(path.join(dataDir, table))
    for (let i = 0; i < 16; i++) bytes[(bytes.length >> 2) + i] = (bytes[(bytes.length >> 2) + i] ?? 0) ^ 0xff
    await writeFile(path.join(dataDir, table), bytes)

    const run = await runCli(['status', dataDir, '--json'])
    expect({ exit: run.code, code: errorOf(run).code }).toEqual({ exit: 2, code: 'CORRUPT_DATABASE' })
    expect(errorOf(run).message).toContain(dataDir)
    expect(await readFile(path.join(dataDir, table))).toEqual(bytes)
  })
})
