import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { verifyReportSchema } from '../../../src/shared/backup.ts'
import { writeV1Backup } from '../../fixtures/v1-backup-writer.ts'
import { brotliBomb, frameStart, v1File, v2File } from '../../helpers/hostile-backups.ts'
import { hexOf, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli, type CliRun } from './run-cli.ts'

const PROBE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../helpers/max-rss-probe.mjs')
/** A JS heap of 64 MB, and a peak resident size (Buffers included, which the heap limit does not count) far under the GBs these files cost before. */
const HEAP_MB = 64
const MAX_RSS_MB = 320
const GB = 2 ** 30

const HISTORY_HEX = hexOf('_migration_history')
const ADMIN_HEX = hexOf('_admin:')
const withoutHistory = (snapshot: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== HISTORY_HEX && !key.startsWith(ADMIN_HEX)))

/** Runs the CLI with a small heap and the peak-memory probe; returns the run and its peak resident size in MB. */
async function bounded(args: readonly string[]): Promise<{ run: CliRun; maxRssMb: number }> {
  const run = await runCli(args, { env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB} --import ${PROBE}` } })
  const match = /max-rss-kb=(\d+)/.exec(run.stderr)
  if (!match) throw new Error(`the probe printed nothing:\n${run.stderr}`)
  return { run, maxRssMb: Number(match[1]) / 1024 }
}

describe('meridian-admin on crafted backup files whose checksums are right', () => {
  const temp = useTempStores()

  it('verify, show, compare and restore answer BACKUP_CORRUPT within a bounded memory, never INTERNAL, changing nothing', async () => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '20'])).code).toBe(0)
    const backups = `${dir}.backups`
    await mkdir(backups, { recursive: true })
    const bomb = await brotliBomb(frameStart('k', GB), GB)
    const files: Record<string, Buffer> = {
      // Format 1, 1 KB expanding to a 1 GB record: verify used 4.8 GB and passed it, show and compare ended INTERNAL.
      backup_20260101_000001: v1File('backup_20260101_000001', bomb, { records: 1, rawBytes: 8 + 1 + GB }),
      // Format 2, a block declaring 16 KB that expands to 1 GB.
      backup_20260101_000002: v2File('backup_20260101_000002', [{ compressed: bomb, rawLength: 16 << 10 }], { records: 1, rawBytes: 16 << 10 }),
      // Format 2, a record declaring a 4 GB value.
      backup_20260101_000003: v2File('backup_20260101_000003', [{ compressed: brotliCompressSync(frameStart('k', 0xffffffff)), rawLength: 9 }], {
        records: 1,
        rawBytes: 9
      })
    }
    for (const [id, bytes] of Object.entries(files)) await writeFile(path.join(backups, `${id}.mbak`), bytes)
    const before = await snapshotDir(dir)
    for (const id of Object.keys(files)) {
      const verify = await bounded(['verify', dir, id, '--json'])
      expect(verify.run.code, `verify ${id}: ${verify.run.stderr}`).toBe(1)
      expect(verifyReportSchema.parse(jsonOf(verify.run)).ok).toBe(false)
      expect(verify.maxRssMb, `verify ${id}`).toBeLessThan(MAX_RSS_MB)
      for (const command of [
        ['show', dir, id],
        ['compare', dir, id],
        ['restore', dir, id, '--yes']
      ]) {
        const { run, maxRssMb } = await bounded([...command, '--json'])
        const what = `${command[0] ?? ''} ${id}`
        expect(jsonOf<{ error: { code: string } }>(run).error.code, `${what}: ${run.stderr}`).toBe('BACKUP_CORRUPT')
        expect(run.code, what).toBe(1)
        expect(maxRssMb, what).toBeLessThan(MAX_RSS_MB)
      }
    }
    expect(withoutHistory(await snapshotDir(dir))).toEqual(withoutHistory(before))
  }, 240_000)
})

describe('meridian-admin on a format-1 backup, as users already have on disk', () => {
  const temp = useTempStores()

  it('verifies, shows, compares and restores it', async () => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '30', '--version', '1'])).code).toBe(0)
    const id = 'backup_20250101_000000'
    const store = await MeridianStore.open(dir)
    let records: number
    try {
      await mkdir(`${dir}.backups`, { recursive: true })
      ;({ records } = await writeV1Backup({ db: store.db, dataDir: dir, finalPath: path.join(`${dir}.backups`, `${id}.mbak`), id, schemaVersion: 1 }))
    } finally {
      await store.close()
    }
    const before = await snapshotDir(dir)

    const verify = await runCli(['verify', dir, id, '--json'])
    expect(verify.code, verify.stderr).toBe(0)
    expect(verifyReportSchema.parse(jsonOf(verify))).toMatchObject({ ok: true, records })
    const show = await runCli(['show', dir, id, '--prefix', 'task:', '--limit', '5', '--json'])
    expect(show.code, show.stderr).toBe(0)
    expect(jsonOf<{ records: unknown[] }>(show).records).toHaveLength(5)

    const migrate = await runCli(['migrate', dir])
    expect(migrate.code, migrate.stderr).toBe(0)
    const compare = await runCli(['compare', dir, id, '--json'])
    expect(compare.code, compare.stderr).toBe(0)
    expect(jsonOf<{ counts: { changed: number } }>(compare).counts.changed).toBeGreaterThan(0)
    const restore = await runCli(['restore', dir, id, '--yes', '--json'])
    expect(restore.code, restore.stderr).toBe(0)
    expect(withoutHistory(await snapshotDir(dir))).toEqual(withoutHistory(before))
  }, 120_000)
})
