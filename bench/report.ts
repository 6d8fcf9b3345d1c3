import os from 'node:os'
import type { CompressionReport } from './compression.ts'
import type { Measurement } from './monitor.ts'
import type { RecordCosts } from './record-costs.ts'

export const SEED_FIGURE = { items: 1234, seconds: 2.34, itemsPerSecond: Math.round(1234 / 2.34), source: 'the seed log: 1,234 items in 2.34 s' }

/** The CLI's migrate in a fresh child process (bench/cli-run.ts), with its default safety net: a checkpoint. */
export const CLI_MIGRATE = 'migrate v1→v2 + checkpoint, CLI process'
export const MIGRATE_WITH_CHECKPOINT = 'migrate v1→v2 + checkpoint'
export const MIGRATE_WITH_ARCHIVE = 'migrate v1→v2 + archive'
export const CANCEL_HALFWAY = 'migrate cancelled half-way, put back from its checkpoint'
export const RESTORE_CHECKPOINT = 'restore from a checkpoint'
export const RESTORE_ARCHIVE = 'restore from an archive (new store beside, checked as it is written; pre-restore checkpoint, swap)'
/** The baseline of a restore from an archive: its records decoded and written into an empty store, nothing else. */
export const WRITE_INTO_EMPTY = 'write the archive’s records into an empty store'
export const ARCHIVE_CHECKPOINT = 'archive of a checkpoint (the .mbak, from its files)'

/** Measurements the targets are about: the tool's own operations, in the benchmark's process. */
export const ENGINE_RUNS = [
  'dry run v1→v2',
  MIGRATE_WITH_CHECKPOINT,
  MIGRATE_WITH_ARCHIVE,
  'migrate, main thread only',
  CANCEL_HALFWAY,
  'backup alone',
  'verify alone',
  RESTORE_CHECKPOINT,
  RESTORE_ARCHIVE,
  ARCHIVE_CHECKPOINT
]

export interface SizeResult {
  tasks: number
  keys: number
  buildSeconds: number
  copySeconds: number
  measurements: Measurement[]
}

export interface TargetCheck {
  target: string
  size: number
  figure: string
  met: boolean
}

export interface BenchResults {
  startedAt: string
  finishedAt: string
  machine: { cpu: string; cores: number; ramGb: number; node: string; platform: string; load1mAtStart: number }
  seed: typeof SEED_FIGURE
  storeStrategy: string
  sizes: SizeResult[]
  compression: CompressionReport | null
  recordCosts: RecordCosts | null
  targets: TargetCheck[]
}

export function machineFacts(): BenchResults['machine'] {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load1mAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100
  }
}

export const find = (size: SizeResult, name: string): Measurement | undefined => size.measurements.find((m) => m.name === name)
export const fmt = (n: number): string => n.toLocaleString('en-US')
const ratio = (base: Measurement | undefined, m: Measurement): string =>
  base && m.recordsPerSecond > 0 ? `${(base.recordsPerSecond / m.recordsPerSecond).toFixed(2)}×` : '–'

/** The side-by-side table: one block per store size. */
export function formatTable(sizes: SizeResult[]): string {
  const header = [
    'measurement',
    'records',
    'seconds',
    'records/s',
    '× raw',
    '× read',
    'peak RSS MB',
    'anon MB',
    'file MB',
    'RSS growth MB',
    'anon growth MB',
    'ELD p99 ms',
    'ELD max ms'
  ]
  const lines: string[] = []
  for (const size of sizes) {
    const raw = find(size, 'raw baseline')
    const read = find(size, 'plain read')
    const rows = size.measurements.map((m) => [
      m.extrapolated ? `${m.name} *` : m.name,
      fmt(m.records),
      m.seconds.toFixed(2),
      fmt(m.recordsPerSecond),
      m.name === 'plain read' ? '–' : ratio(raw, m),
      [
        'plain read',
        'raw baseline',
        'naive per-item',
        'dry run v1→v2',
        MIGRATE_WITH_CHECKPOINT,
        MIGRATE_WITH_ARCHIVE,
        'migrate, main thread only',
        CLI_MIGRATE
      ].includes(m.name)
        ? '–'
        : ratio(read, m),
      m.rssPeakMb.toFixed(0),
      m.rssAnonPeakMb === null ? '–' : m.rssAnonPeakMb.toFixed(0),
      m.rssFilePeakMb === null ? '–' : m.rssFilePeakMb.toFixed(0),
      m.rssGrowthMb.toFixed(0),
      m.rssAnonGrowthMb === null ? '–' : m.rssAnonGrowthMb.toFixed(0),
      m.eventLoopP99Ms.toFixed(1),
      m.eventLoopMaxMs.toFixed(1)
    ])
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
    const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
    lines.push(
      '',
      `── ${fmt(size.tasks)} tasks (${fmt(size.keys)} keys; built in ${size.buildSeconds.toFixed(1)} s, each copy ~${size.copySeconds.toFixed(1)} s) ──`,
      line(header),
      line(header.map((_, i) => '─'.repeat(widths[i] ?? 0))),
      ...rows.map(line)
    )
    for (const m of size.measurements) for (const note of m.notes) lines.push(`  ${m.name}: ${note}`)
  }
  lines.push(
    '',
    "× raw: per-record cost relative to the raw baseline (its records/s ÷ this one's). × read: the same against a plain read of every key.",
    'records/s counts task records for the raw baseline, naive run and migrate; every key (tasks, episodes, version) for read, backup, verify, restore.',
    '* capped run: records/s measured on the first records only, the whole-store time extrapolated.',
    `peak RSS: in this process, process.memoryUsage().rss sampled every 50 ms (it starts from what earlier measurements left: the "RSS growth" column is the run's own); for "${CLI_MIGRATE}", the child's getrusage maxRSS; anon / file: peaks of RssAnon and RssFile (/proc/self/status). LevelDB mmaps its table files, so reading a store adds its file pages to RSS (clean page cache the kernel can drop).`,
    'ELD: perf_hooks.monitorEventLoopDelay at 10 ms resolution, reset per measurement; its samples include the 10 ms timer period, so an idle loop reads ~10 ms (figures are not reduced by it).'
  )
  return lines.join('\n')
}

export function formatCosts(costs: RecordCosts): string {
  const width = Math.max(...Object.keys(costs).map((k) => k.length))
  return Object.entries(costs)
    .map(([stage, us]) => `  ${stage.padEnd(width)}  ${us.toFixed(2).padStart(7)} µs/record`)
    .join('\n')
}
