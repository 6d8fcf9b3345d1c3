import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { BenchResults } from '../../bench/report.ts'
import { ZSTD_AVAILABLE } from '../../bench/compression.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const EXPECTED = [
  'plain read',
  'raw baseline',
  'first status',
  'count every record',
  'dry run v1→v2',
  'migrate v1→v2 + checkpoint',
  'migrate v1→v2 + archive',
  'migrate, main thread only',
  'migrate v1→v2 + checkpoint, CLI process',
  'migrate cancelled half-way, put back from its checkpoint',
  'backup alone',
  'verify alone',
  'checkpoint',
  'checkpoint hashing (background)',
  'restore from a checkpoint',
  'write the archive’s records into an empty store',
  'restore from an archive (new store beside, checked as it is written; pre-restore checkpoint, swap)',
  'archive of a checkpoint (the .mbak, from its files)'
]

function npmBench(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  return new Promise((resolve, reject) => {
    execFile(npm, ['run', '--silent', 'bench', '--', ...args], { cwd: REPO, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`npm run bench did not run: ${error.message}\n${stderr}`))
        return
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
    })
  })
}

const roots: string[] = []
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})

// A benchmark is not a test: this only keeps `npm run bench` working. No figure is compared with a time.
describe('npm run bench --tiny', () => {
  it('measures every run and writes the figures as JSON', { timeout: 180_000 }, async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-bench-test-'))
    roots.push(root)
    const out = path.join(root, 'latest.json')
    const run = await npmBench(['--tiny', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Targets (issues #6 and #16)')

    const results = JSON.parse(await readFile(out, 'utf8')) as BenchResults
    expect(results.machine.cores).toBeGreaterThan(0)
    expect(results.seed.itemsPerSecond).toBeGreaterThan(0)
    expect(results.sizes).toHaveLength(1)
    const [size] = results.sizes
    expect(size?.tasks).toBe(2000)
    expect(size?.measurements.map((m) => m.name)).toEqual(EXPECTED)
    for (const m of size?.measurements ?? []) {
      expect(m.records, m.name).toBeGreaterThan(0)
      expect(m.recordsPerSecond, m.name).toBeGreaterThan(0)
      expect(m.rssPeakMb, m.name).toBeGreaterThan(0)
      expect(m.eventLoopP99Ms, m.name).toBeGreaterThanOrEqual(0)
    }
    // The CLI child migrated every task and reported its own peak RSS.
    const cli = size?.measurements.find((m) => m.name === 'migrate v1→v2 + checkpoint, CLI process')
    expect(cli?.records).toBe(2000)
    expect(cli?.rssPeakMb).toBeGreaterThan(30)
    expect(results.compression?.codecs.map((c) => c.codec)).toEqual(['gzip-1', 'gzip-6', 'brotli-1', ...(ZSTD_AVAILABLE ? ['zstd-1', 'zstd-3'] : [])])
    for (const codec of results.compression?.codecs ?? []) expect(codec.ratio, codec.codec).toBeGreaterThan(1)
    // Every key of the demo store counted (tasks, episodes, index markers, the version), and the status target judged.
    expect(size?.measurements.find((m) => m.name === 'count every record')?.records).toBeGreaterThan(2000)
    expect(results.targets.map((target) => target.target)).toEqual(
      expect.arrayContaining([
        'first status (open, version, prefixes, plan) within 1 s',
        'checkpoint within 1 s',
        'peak RSS at most 300 MB during migrate/backup/verify/restore (#16; #6 asked under 350 MB)',
        "event-loop delay p99 at most 20 ms in every one of the tool's runs (#16; #6 asked under 50 ms)"
      ])
    )
    expect(results.targets.length).toBeGreaterThan(0)
    for (const target of results.targets) expect(typeof target.met).toBe('boolean')
  })
})
