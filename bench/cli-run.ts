import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Measurement } from './monitor.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLI = path.join(ROOT, 'bin', 'meridian-admin.js')
const CHILD_MONITOR = path.join(ROOT, 'bench', 'child-monitor.mjs')

const childReportSchema = z.object({ eventLoopP99Ms: z.number(), eventLoopMaxMs: z.number(), maxRssKb: z.number() })
const migrateOutputSchema = z.looseObject({ status: z.literal('migrated'), itemsMigrated: z.number() })

const MB = 1024 * 1024
const round1 = (n: number): number => Math.round(n * 10) / 10

/** RssAnon and RssFile of a process (Linux), in bytes; null once it has gone or where /proc does not exist. */
function rssSplitOf(pid: number): { anon: number; file: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024
    return { anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') }
  } catch {
    return null
  }
}

/**
 * `meridian-admin migrate DIR --json` (v1 → v3 with its backup) in a fresh child process, as a user or a host's
 * start-up script runs it. Its peak RSS is the process's own (getrusage), free of what the measurements before it
 * left in the benchmark's process; the time includes starting node and compiling the CLI's TypeScript (~1 s).
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
    const split = child.pid === undefined ? null : rssSplitOf(child.pid)
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
  const peak = (report.maxRssKb * 1024) / MB
  return {
    name,
    storeTasks,
    records: output.itemsMigrated,
    seconds: Math.round(seconds * 1000) / 1000,
    recordsPerSecond: Math.round(output.itemsMigrated / seconds),
    rssStartMb: 0,
    rssPeakMb: round1(peak),
    rssGrowthMb: round1(peak),
    rssAnonPeakMb: anonPeak === null ? null : round1(anonPeak / MB),
    rssAnonGrowthMb: anonPeak === null ? null : round1(anonPeak / MB),
    rssFilePeakMb: filePeak === null ? null : round1(filePeak / MB),
    eventLoopP99Ms: round1(report.eventLoopP99Ms),
    eventLoopMaxMs: round1(report.eventLoopMaxMs),
    notes: ['a fresh `meridian-admin migrate --json` process; peak RSS is its getrusage maxRSS (anon / file: 50 ms samples of /proc/PID/status); time includes node start-up and compiling the CLI']
  }
}
