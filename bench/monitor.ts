import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** What one measurement cost: time, memory and how responsive the main thread stayed. */
export interface Measurement {
  name: string
  /** Store size (tasks) the measurement ran on. */
  storeTasks: number
  /** Records the measured work handled (what records/s is computed over). */
  records: number
  seconds: number
  recordsPerSecond: number
  /** RSS when the measurement started, its peak (sampled every 50 ms) and the growth between them, in MB. */
  rssStartMb: number
  rssPeakMb: number
  rssGrowthMb: number
  /**
   * Linux only (null elsewhere): the peak of RSS split into anonymous memory (heap, buffers, LevelDB's caches) and
   * file-backed pages (LevelDB maps its table files with mmap, so reading a store shows up in RSS as its files).
   */
  rssAnonPeakMb: number | null
  /** Peak anonymous RSS minus anonymous RSS at the start: what the run itself allocated and held. */
  rssAnonGrowthMb: number | null
  rssFilePeakMb: number | null
  /** Main-thread event-loop delay during the run (10 ms resolution), in ms. */
  eventLoopP99Ms: number
  eventLoopMaxMs: number
  /** Free-form facts about the run (phase split, extrapolation, stage timings). */
  notes: string[]
  details?: Record<string, number>
  /** Set when the figure comes from part of the store and is extrapolated. */
  extrapolated?: boolean
}

export interface MeasuredWork {
  /** Records handled; records/s is computed over these. */
  records: number
  notes?: string[]
  details?: Record<string, number>
  extrapolated?: boolean
}

const MB = 1024 * 1024
/** Bytes as MB with one decimal, as every figure of the report is given. */
export const mb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10
/** Nanoseconds (what monitorEventLoopDelay gives) as ms with one decimal. */
export const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10

/** RssAnon and RssFile of a process (this one by default) from /proc, in bytes; null where there is no such file. */
export function rssSplit(pid: number | 'self' = 'self'): { anon: number; file: number } | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024
  return { anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') }
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
}

/**
 * Runs `work` with a 50 ms RSS sampler and a fresh event-loop delay histogram, and returns its figures. Garbage is
 * collected first (when node runs with --expose-gc) so each measurement starts from the same floor.
 */
export async function measure(name: string, storeTasks: number, work: () => Promise<MeasuredWork>): Promise<Measurement> {
  collectGarbage()
  const rssStart = process.memoryUsage().rss
  const anonStart = rssSplit()?.anon ?? null
  let rssPeak = rssStart
  let anonPeak: number | null = null
  let filePeak: number | null = null
  const sample = (): void => {
    const rss = process.memoryUsage().rss
    if (rss > rssPeak) rssPeak = rss
    const split = rssSplit()
    if (split) {
      anonPeak = Math.max(anonPeak ?? 0, split.anon)
      filePeak = Math.max(filePeak ?? 0, split.file)
    }
  }
  const sampler = setInterval(sample, 50)
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.reset()
  histogram.enable()
  const started = performance.now()
  let result: MeasuredWork
  try {
    result = await work()
  } finally {
    histogram.disable()
    clearInterval(sampler)
    sample()
  }
  const seconds = (performance.now() - started) / 1000
  return {
    name,
    storeTasks,
    records: result.records,
    seconds: Math.round(seconds * 1000) / 1000,
    recordsPerSecond: Math.round(result.records / seconds),
    rssStartMb: mb(rssStart),
    rssPeakMb: mb(rssPeak),
    rssGrowthMb: mb(rssPeak - rssStart),
    rssAnonPeakMb: anonPeak === null ? null : mb(anonPeak),
    rssAnonGrowthMb: anonPeak === null || anonStart === null ? null : mb(anonPeak - anonStart),
    rssFilePeakMb: filePeak === null ? null : mb(filePeak),
    eventLoopP99Ms: histogram.count > 0 ? ms(histogram.percentile(99)) : 0,
    eventLoopMaxMs: histogram.count > 0 ? ms(histogram.max) : 0,
    notes: result.notes ?? [],
    ...(result.details ? { details: result.details } : {}),
    ...(result.extrapolated ? { extrapolated: true } : {})
  }
}

/** Accumulates wall time per named stage of a loop (the stages of a pass, for "where the time goes"). */
export class StageTimer {
  private readonly totals = new Map<string, number>()

  add(stage: string, since: number): number {
    const now = performance.now()
    this.totals.set(stage, (this.totals.get(stage) ?? 0) + (now - since))
    return now
  }

  seconds(): Record<string, number> {
    return Object.fromEntries([...this.totals].map(([stage, total]) => [`${stage}Seconds`, Math.round(total) / 1000]))
  }
}
