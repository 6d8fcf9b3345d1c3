import { spawn } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { mb, ms, rssSplit, type Measurement } from './monitor.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLI = path.join(ROOT, 'bin', 'meridian-admin.js')
const CHILD_MONITOR = path.join(ROOT, 'bench', 'child-monitor.mjs')

const childReportSchema = z.object({ eventLoopP99Ns: z.number(), eventLoopMaxNs: z.number(), maxRssKb: z.number() })
const migrateOutputSchema = z.looseObject({ status: z.literal('migrated'), itemsMigrated: z.number() })

/**
 * `meridian-admin migrate DIR --json` (v1 → v2 with its backup) in a fresh child process, as a user or a host's
 * start-up script runs it. Its peak RSS is the process's own (getrusage), free of what the measurements before it
 * left in the benchmark's process; the time includes starting node and loading the compiled CLI (lib/, ~0.2 s).
 */
export async function cliMigrate(name: string, storeTasks: number, dataDir: string, backupDir: string): Promise<Measurement> {
  const reportFile = path.join(os.tmpdir(), `meridian-bench-child-${process.pid}-${Date.now()}.json`)
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', CHILD_MONITOR, CLI, '--json', '--backup-dir', backupDir, 'migrate', dataDir], {
    env: { ...process.env, MERIDIAN_BENCH_CHILD_REPORT: reportFile },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  let anonPeak: number | null = null
  let filePeak: number | null = null
  const sampler = setInterval(() => {
    const split = child.pid === undefined ? null : rssSplit(child.pid)
    if (!split) return
    anonPeak = Math.max(anonPeak ?? 0, split.anon)
    filePeak = Math.max(filePeak ?? 0, split.file)
  }, 50)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  }).finally(() => clearInterval(sampler))
  const seconds = (performance.now() - started) / 1000
  if (code !== 0) throw new Error(`bench: the CLI's migrate exited ${String(code)}: ${stderr || stdout}`)
  const output = migrateOutputSchema.parse(JSON.parse(stdout))
  const report = childReportSchema.parse(JSON.parse(await readFile(reportFile, 'utf8')))
  await rm(reportFile, { force: true })
  const peak = mb(report.maxRssKb * 1024)
  return {
    name,
    storeTasks,
    records: output.itemsMigrated,
    seconds: Math.round(seconds * 1000) / 1000,
    recordsPerSecond: Math.round(output.itemsMigrated / seconds),
    rssStartMb: 0,
    rssPeakMb: peak,
    rssGrowthMb: peak,
    rssAnonPeakMb: anonPeak === null ? null : mb(anonPeak),
    rssAnonGrowthMb: anonPeak === null ? null : mb(anonPeak),
    rssFilePeakMb: filePeak === null ? null : mb(filePeak),
    eventLoopP99Ms: ms(report.eventLoopP99Ns),
    eventLoopMaxMs: ms(report.eventLoopMaxNs),
    notes: [
      'a fresh `meridian-admin migrate --json` process; peak RSS is its getrusage maxRSS (anon / file: 50 ms samples of /proc/PID/status); time includes node start-up and compiling the CLI'
    ]
  }
}
