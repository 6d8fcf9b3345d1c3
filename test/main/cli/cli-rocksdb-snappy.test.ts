import { spawnSync } from 'node:child_process'
import { cp, mkdir, readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { rocksStoreDb } from '../../../src/main/engine/store/rocksdb/rocksdb-binding.ts'
import { newestOptionsFile, rocksdbVersionOf } from '../../../src/main/engine/store/rocksdb/rocksdb-format.ts'
import { taskV2Schema } from '../../../src/main/engine/schemas/task-v2.ts'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { storeReportSchema } from '../../../src/shared/store-status.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { ldb, meridianRecords, writeLdbStore } from '../../helpers/ldb-store.ts'
import { ldbUnavailable, rocksBindingUnavailable } from '../../helpers/store-kinds.ts'
import { hexOf, rejectionOf, snapshotDb, snapshotDir, useTempStores, type Snapshot } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

const temp = useTempStores()
const unavailable = ldbUnavailable ?? rocksBindingUnavailable

/**
 * Meridian's tasks as they look in a real store: a paragraph of description makes each value ~900 bytes, so
 * RocksDB really stores the blocks Snappy-compressed (tiny values can be left uncompressed).
 */
function realisticRecords(tasks: number): Array<[string, string]> {
  return meridianRecords(tasks).map(([key, value]): [string, string] => {
    if (!key.startsWith('task:')) return [key, value]
    const description = `${key}: users reported intermittent failures under load when the storage layer retried a write after a timeout. The retry loop re-sent the whole batch, so some records were written twice and the compaction that followed took minutes. Reproduce with the soak test, then bound the retries and make them idempotent.`
    return [key, JSON.stringify({ ...(JSON.parse(value) as object), description })]
  })
}

const snapshotOf = (records: ReadonlyArray<readonly [string, string]>): Snapshot =>
  Object.fromEntries(records.map(([key, value]) => [hexOf(key), hexOf(value)]))

/** Only the records Meridian wrote: no history, version or bookkeeping of ours. */
const meridianPart = (snapshot: Snapshot): Snapshot =>
  Object.fromEntries(Object.entries(snapshot).filter(([hex]) => /^(task|episode):/.test(Buffer.from(hex, 'hex').toString('utf8'))))

/** The compression each table of `dir` was written with, per RocksDB's `sst_dump`; null when it is not installed. */
function tableCompressions(dir: string): string[] | null {
  const run = spawnSync('sst_dump', [`--file=${dir}`, '--show_properties', '--command=none'], { encoding: 'utf8' })
  if (run.error || run.status !== 0) return null
  return [...run.stdout.matchAll(/SST file compression algo: (\S+)/g)].map((match) => match[1] ?? '')
}

/** The number of hard links to each table file of `dir`: 1 once no snapshot links to it any more. */
async function tableLinks(dir: string): Promise<Record<string, number>> {
  const links: Record<string, number> = {}
  for (const name of await readdir(dir)) if (name.endsWith('.sst')) links[name] = (await stat(path.join(dir, name))).nlink
  return links
}

async function storeRocksdbVersion(dataDir: string): Promise<string | null> {
  const file = await newestOptionsFile(dataDir)
  return file ? rocksdbVersionOf(await readFile(file, 'utf8')) : null
}

interface ErrorOutput {
  error: { code: string; message: string }
}

describe.skipIf(unavailable !== null)(`a Snappy store written by RocksDB's own ldb${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('is read through a snapshot recompressed by ldb (status, dry run, backup, verify), every original file byte-identical, then migrated only with --allow-format-upgrade and restored', async () => {
    const root = await temp.root()
    const dir = path.join(root, 'meridian-data')
    const records = realisticRecords(60)
    for (const [key, value] of records) if (key.startsWith('task:')) expect(value.length, key).toBeGreaterThan(600)
    writeLdbStore(dir, records, 'snappy') // --compression_type=snappy is ldb's default as RocksDB's: Meridian's stores
    const ldbVersion = await storeRocksdbVersion(dir)
    const compressions = tableCompressions(dir)
    if (compressions) expect(new Set(compressions)).toEqual(new Set(['Snappy']))
    // The binding alone cannot read it (the very reason for ldb): on a throwaway copy, since opening rewrites files.
    const probe = path.join(root, 'probe')
    await cp(dir, probe, { recursive: true })
    const rejected = await rejectionOf(
      (async () => {
        const db = await rocksStoreDb(probe, false)
        await db.open()
        try {
          for await (const entry of db.iterator()) void entry
        } finally {
          await db.close()
        }
      })()
    )
    expect(rejected.message).toMatch(/unsupported compression/i)
    const original = await fsState(dir)
    const links = await tableLinks(dir)
    // Snapshots go to the CLI's own temp folder, so the test sees that each command removes its snapshot.
    const tmp = path.join(root, 'tmp')
    await mkdir(tmp)
    const env = { TMPDIR: tmp }
    // (tsx, which runs the CLI from source, keeps its own cache there too)
    const leftSnapshots = async (): Promise<string[]> => (await readdir(tmp)).filter((name) => name.startsWith('meridian-admin-'))
    const unchanged = async (): Promise<void> => {
      expect(await fsState(dir)).toEqual(original)
      expect(await tableLinks(dir)).toEqual(links)
      expect(await leftSnapshots()).toEqual([])
    }

    // status: named RocksDB, warns about the format and the recompression, leaves every file as it was
    const status = await runCli(['status', dir, '--json'], { env })
    expect(status.code, status.stderr).toBe(0)
    const parsed = storeReportSchema.parse(jsonOf(status))
    expect(parsed).toMatchObject({ kind: 'rocksdb', currentVersion: 1, formatUpgrade: { storeRocksdbVersion: ldbVersion, allowed: false, recompressed: true } })
    expect(parsed.counts.prefixes.find((group) => group.prefix === 'task:')).toMatchObject({ records: 60, versions: { '1': 60 } })
    const human = await runCli(['status', dir], { env })
    expect(human.stdout).toContain('Store kind: RocksDB')
    expect(human.stdout).toContain(`⚠ Format upgrade: This store was written by RocksDB ${ldbVersion}`)
    expect(human.stdout).toContain('Snappy-compressed')
    await unchanged()
    expect(ldb(dir, 'scan').trim().split('\n')).toHaveLength(records.length)
    expect(await snapshotDir(dir)).toEqual(snapshotOf(records))

    // a dry run, a backup, its verification and the history all read the recompressed snapshot
    const dryRun = await runCli(['migrate', dir, '--dry-run', '--json'], { env })
    expect(dryRun.code, dryRun.stderr).toBe(0)
    const backup = await runCli(['backup', dir, '--json'], { env })
    expect(backup.code, backup.stderr).toBe(0)
    const manual = backupInfoSchema.parse(jsonOf(backup))
    expect(manual.records).toBe(records.length)
    const verify = await runCli(['verify', dir, manual.id], { env })
    expect(verify.code, verify.stderr).toBe(0)
    expect(jsonOf(await runCli(['history', dir, '--json'], { env }))).toEqual([])
    await unchanged()

    // migrate refuses to upgrade (and recompress) the store unasked: no backup taken, no byte changed
    const refused = await runCli(['migrate', dir, '--json'], { env })
    expect(refused.code).toBe(2)
    expect(jsonOf<ErrorOutput>(refused).error.code).toBe('FORMAT_UPGRADE_REFUSED')
    expect(jsonOf<unknown[]>(await runCli(['backups', dir, '--json'], { env }))).toHaveLength(1)
    await unchanged()
    expect(ldb(dir, 'scan').trim().split('\n')).toHaveLength(records.length)

    // with --allow-format-upgrade: the store itself is recompressed, then backed up and every task reaches v2
    const migrated = await runCli(['migrate', dir, '--allow-format-upgrade', '--json'], { env })
    expect(migrated.code, migrated.stderr).toBe(0)
    const result = jsonOf<{ status: string; itemsMigrated: number; backupId: string }>(migrated)
    expect(result).toMatchObject({ status: 'migrated', itemsMigrated: 60 })
    expect(migrated.stderr).toContain('Format upgrade allowed')
    expect(migrated.stderr).toContain('recompressed them to ZSTD')
    expect(await leftSnapshots()).toEqual([])
    const after = tableCompressions(dir)
    if (after) expect(after.filter((name) => name === 'Snappy')).toEqual([])
    const store = await temp.open(dir)
    expect(store.formatUpgrade).toBeNull()
    const migratedRecords = await snapshotDb(store.db).finally(() => store.close())
    for (const [key, value] of records) {
      const stored = Buffer.from(migratedRecords[hexOf(key)] ?? '', 'hex').toString('utf8')
      if (key.startsWith('episode:')) expect(stored).toBe(value)
      else expect(taskV2Schema.safeParse(JSON.parse(stored)).success, key).toBe(true)
    }

    // the pre-migration backup (taken from the recompressed store) puts every record back exactly
    const restored = await runCli(['restore', dir, result.backupId, '--yes', '--json'], { env })
    expect(restored.code, restored.stderr).toBe(0)
    expect(meridianPart(await snapshotDir(dir))).toEqual(snapshotOf(records))
  })

  it('without ldb on PATH is refused with STORE_FORMAT_UNSUPPORTED saying that installing ldb (rocksdb-tools) lets the tool read it, untouched', async () => {
    const root = await temp.root()
    const dir = path.join(root, 'meridian-data')
    const records = realisticRecords(20)
    writeLdbStore(dir, records, 'snappy')
    const original = await fsState(dir)
    // A PATH with no ldb on it (the CLI itself runs from node's own path).
    const noLdb = path.join(root, 'empty-path')
    await mkdir(noLdb)

    for (const args of [
      ['status', dir, '--json'],
      ['backup', dir, '--json'],
      ['migrate', dir, '--allow-format-upgrade', '--json']
    ]) {
      const run = await runCli(args, { env: { PATH: noLdb } })
      expect(run.code, args.join(' ')).toBe(2)
      const error = jsonOf<ErrorOutput>(run).error
      expect(error.code, args.join(' ')).toBe('STORE_FORMAT_UNSUPPORTED')
      expect(error.message).toContain("Install RocksDB's ldb tool (Debian/Ubuntu: apt-get install rocksdb-tools)")
    }
    expect(await fsState(dir)).toEqual(original)
    expect(ldb(dir, 'scan').trim().split('\n')).toHaveLength(records.length)
  })
})
