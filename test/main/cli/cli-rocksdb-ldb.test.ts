import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { newestOptionsFile, rocksdbVersionOf } from '../../../src/main/engine/store/rocksdb/rocksdb-format.ts'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { taskV2Schema } from '../../../src/main/engine/schemas/task-v2.ts'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { storeReportSchema } from '../../../src/shared/store-status.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { ldb, meridianRecords, writeLdbStore } from '../../helpers/ldb-store.ts'
import { ldbUnavailable, rocksBindingUnavailable } from '../../helpers/store-kinds.ts'
import { hexOf, snapshotDb, snapshotDir, useTempStores, type Snapshot } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

const temp = useTempStores()
const unavailable = ldbUnavailable ?? rocksBindingUnavailable

/** The snapshot of exactly these records. */
const snapshotOf = (records: ReadonlyArray<readonly [string, string]>): Snapshot =>
  Object.fromEntries(records.map(([key, value]) => [hexOf(key), hexOf(value)]))

/** Only the records Meridian wrote: no history, version or bookkeeping of ours. */
const meridianPart = (snapshot: Snapshot): Snapshot =>
  Object.fromEntries(Object.entries(snapshot).filter(([hex]) => /^(task|episode):/.test(Buffer.from(hex, 'hex').toString('utf8'))))

async function storeRocksdbVersion(dataDir: string): Promise<string | null> {
  const file = await newestOptionsFile(dataDir)
  return file ? rocksdbVersionOf(await readFile(file, 'utf8')) : null
}

describe.skipIf(unavailable !== null)(`a store written by RocksDB's own ldb${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('with ZSTD tables is read without changing a byte, backed up, migrated only with --allow-format-upgrade, and restored into RocksDB and LevelDB', async () => {
    const root = await temp.root()
    const dir = path.join(root, 'meridian-data')
    const records = meridianRecords(40)
    writeLdbStore(dir, records, 'zstd')
    const ldbVersion = await storeRocksdbVersion(dir)
    const original = await fsState(dir)

    // status: named RocksDB, warns about the format, and leaves every file of the directory as it was
    const status = await runCli(['status', dir, '--json'])
    expect(status.code, status.stderr).toBe(0)
    const parsed = storeReportSchema.parse(jsonOf(status))
    expect(parsed).toMatchObject({ kind: 'rocksdb', currentVersion: 1, formatUpgrade: { storeRocksdbVersion: ldbVersion, allowed: false } })
    expect(parsed.counts.prefixes.find((group) => group.prefix === 'task:')).toMatchObject({ records: 40, versions: { '1': 40 } })
    const human = await runCli(['status', dir])
    expect(human.stdout).toContain('Store kind: RocksDB')
    expect(human.stdout).toContain(`⚠ Format upgrade: This store was written by RocksDB ${ldbVersion}`)
    expect(await fsState(dir)).toEqual(original)
    expect(ldb(dir, 'scan').trim().split('\n')).toHaveLength(records.length)
    expect(await snapshotDir(dir)).toEqual(snapshotOf(records))

    // backup and history read the snapshot too
    const backup = await runCli(['backup', dir, '--json'])
    expect(backup.code, backup.stderr).toBe(0)
    const manual = backupInfoSchema.parse(jsonOf(backup))
    expect(manual.records).toBe(records.length)
    expect(jsonOf(await runCli(['history', dir, '--json']))).toEqual([])
    expect(await fsState(dir)).toEqual(original)

    // migrate refuses to upgrade the format unasked: no backup taken, no byte changed
    const refused = await runCli(['migrate', dir, '--json'])
    expect(refused.code).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(refused).error.code).toBe('FORMAT_UPGRADE_REFUSED')
    expect(jsonOf<unknown[]>(await runCli(['backups', dir, '--json']))).toHaveLength(1)
    expect(await fsState(dir)).toEqual(original)

    // with --allow-format-upgrade: a backup first, then every task reaches v2 through the binding
    const migrated = await runCli(['migrate', dir, '--allow-format-upgrade', '--json'])
    expect(migrated.code, migrated.stderr).toBe(0)
    const result = jsonOf<{ status: string; itemsMigrated: number; backupId: string }>(migrated)
    expect(result).toMatchObject({ status: 'migrated', itemsMigrated: 40 })
    expect(migrated.stderr).toContain('Format upgrade allowed')
    const store = await temp.open(dir)
    expect(store.formatUpgrade).toBeNull()
    expect(await storeRocksdbVersion(dir)).not.toBe(ldbVersion)
    // What the warning is about: the older RocksDB no longer opens the upgraded store.
    expect(() => ldb(dir, 'scan')).toThrow()
    const after = await snapshotDb(store.db).finally(() => store.close())
    for (const [key, value] of records) {
      const stored = Buffer.from(after[hexOf(key)] ?? '', 'hex').toString('utf8')
      if (key.startsWith('episode:')) expect(stored).toBe(value)
      else expect(taskV2Schema.safeParse(JSON.parse(stored)).success, key).toBe(true)
    }

    // the pre-migration backup puts the records back exactly; the store now opens without a warning
    const restored = await runCli(['restore', dir, result.backupId, '--yes', '--json'])
    expect(restored.code, restored.stderr).toBe(0)
    expect(meridianPart(await snapshotDir(dir))).toEqual(snapshotOf(records))

    // the engine-neutral backup restores into a LevelDB store and into a fresh RocksDB store alike
    for (const kind of ['leveldb', 'rocksdb'] as const) {
      const target = path.join(root, `restored-${kind}`)
      const created = await MeridianStore.open(target, { createIfMissing: true, createKind: kind })
      expect(created.kind).toBe(kind)
      await created.close()
      // Another store's backup: restoring it here is asked for by name (--any-store), never taken by default.
      const run = await runCli(['restore', target, manual.id, '--backup-dir', `${dir}.backups`, '--any-store', '--yes', '--json'])
      expect(run.code, run.stderr).toBe(0)
      expect(meridianPart(await snapshotDir(target))).toEqual(snapshotOf(records))
      expect(storeReportSchema.parse(jsonOf(await runCli(['status', target, '--json']))).kind).toBe(kind)
    }
  })
})

describe('a RocksDB directory when the RocksDB binding cannot be loaded', () => {
  // The very path a platform without the optional package takes: the lazy import of the binding fails.
  const noBinding = { MERIDIAN_ROCKSDB_MODULE: '/nonexistent/rocksdb-binding.js' }

  it('is refused with STORE_ENGINE_UNAVAILABLE naming the package (exit 2), its files untouched', async () => {
    const dir = path.join(await temp.root(), 'meridian-data')
    await mkdir(dir)
    // What the detection reads: RocksDB's IDENTITY and OPTIONS files beside CURRENT.
    await writeFile(path.join(dir, 'CURRENT'), 'MANIFEST-000005\n')
    await writeFile(path.join(dir, 'IDENTITY'), 'f0e1d2c3-0000-4000-8000-000000000000\n')
    await writeFile(path.join(dir, 'OPTIONS-000007'), '[Version]\n  rocksdb_version=7.8.3\n')
    const before = await fsState(dir)

    const run = await runCli(['status', dir, '--json'], { env: noBinding })
    expect(run.code).toBe(2)
    const error = jsonOf<{ error: { code: string; message: string } }>(run).error
    expect(error.code).toBe('STORE_ENGINE_UNAVAILABLE')
    expect(error.message).toContain('@nxtedition/rocksdb')
    expect(await fsState(dir)).toEqual(before)
  })

  it('still serves LevelDB stores', async () => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '5'], { env: noBinding })).code).toBe(0)
    const run = await runCli(['status', dir, '--json'], { env: noBinding })
    expect(run.code, run.stderr).toBe(0)
    expect(storeReportSchema.parse(jsonOf(run)).kind).toBe('leveldb')
  })
})
