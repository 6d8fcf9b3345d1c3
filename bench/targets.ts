import type { Measurement } from './monitor.ts'
import {
  ARCHIVE_CHECKPOINT,
  CANCEL_HALFWAY,
  CLI_MIGRATE,
  ENGINE_RUNS,
  find,
  fmt,
  MIGRATE_WITH_ARCHIVE,
  MIGRATE_WITH_CHECKPOINT,
  RESTORE_ARCHIVE,
  RESTORE_CHECKPOINT,
  WRITE_INTO_EMPTY,
  type SizeResult,
  type TargetCheck
} from './report.ts'

/** A target "`run` within `limit`× `base`": the ratio of their times, both times shown. */
function withinRatio(target: string, size: number, run: Measurement, base: Measurement, limit: number): TargetCheck {
  const r = run.seconds / base.seconds
  return { target, size, figure: `${r.toFixed(2)}× (${run.seconds.toFixed(1)} s vs ${base.seconds.toFixed(1)} s)`, met: r <= limit }
}

/**
 * The issues' targets, checked on the 1M store (or the largest measured, said so). From #6: migrate + backup
 * within 2× the raw baseline, backup within 1.5× a plain read, RSS flat across sizes (growth at the largest size
 * within 50 MB of the smallest's). From #16, which tightened #6's memory and event-loop lines: the checkpoint,
 * restore, archive and status lines, peak RSS at most 300 MB, and event-loop p99 at most 20 ms in every run.
 */
export function checkTargets(sizes: SizeResult[]): TargetCheck[] {
  const largest = sizes.find((s) => s.tasks === 1_000_000) ?? sizes[sizes.length - 1]
  const smallest = sizes[0]
  if (!largest || !smallest) return []
  const checks: TargetCheck[] = []
  const raw = find(largest, 'raw baseline')
  const migrate = find(largest, MIGRATE_WITH_ARCHIVE)
  const withCheckpoint = find(largest, MIGRATE_WITH_CHECKPOINT)
  const read = find(largest, 'plain read')
  const backup = find(largest, 'backup alone')
  if (raw && migrate) checks.push(withinRatio('backup + migrate v1→v2 within 2× the raw baseline', largest.tasks, migrate, raw, 2))
  if (raw && withCheckpoint) {
    const check = withinRatio(
      'migrate v1→v2 with its safety net (a checkpoint) within 1.0× the raw single-threaded pass (#16)',
      largest.tasks,
      withCheckpoint,
      raw,
      1
    )
    if (migrate) check.figure += `; with an archive instead ${(migrate.seconds / raw.seconds).toFixed(2)}×`
    checks.push(check)
  }
  const restoreCheckpoint = find(largest, RESTORE_CHECKPOINT)
  const restoreArchive = find(largest, RESTORE_ARCHIVE)
  if (restoreCheckpoint) {
    checks.push({
      target: 'restore from a checkpoint within 1 s (#16)',
      size: largest.tasks,
      figure: `${restoreCheckpoint.seconds.toFixed(2)} s${restoreArchive ? `, against ${restoreArchive.seconds.toFixed(1)} s from an archive` : ''}`,
      met: restoreCheckpoint.seconds <= 1
    })
  }
  const intoEmpty = find(largest, WRITE_INTO_EMPTY)
  if (restoreArchive && intoEmpty) {
    checks.push(
      withinRatio('restore from an archive within 1.2× writing the same records into an empty store (#16)', largest.tasks, restoreArchive, intoEmpty, 1.2)
    )
  }
  const cancel = find(largest, CANCEL_HALFWAY)
  const rollbackSeconds = cancel?.details?.rollbackSeconds
  if (typeof rollbackSeconds === 'number') {
    checks.push({
      target: 'cancel (put back from the checkpoint) within 1 s of pressing it (#16)',
      size: largest.tasks,
      figure: `${rollbackSeconds.toFixed(2)} s from the cancel at half-way to the store as before`,
      met: rollbackSeconds <= 1
    })
  }
  if (read && backup) checks.push(withinRatio('backup alone within 1.5× a plain read', largest.tasks, backup, read, 1.5))
  const archive = find(largest, ARCHIVE_CHECKPOINT)
  if (read && archive) {
    // Speed in records/s: the archive reads every key as the plain read does, then compresses and writes them.
    const r = read.seconds / archive.seconds
    checks.push({
      target: 'archive (from a checkpoint) at ≥ 0.8× the speed of a plain read (#16)',
      size: largest.tasks,
      figure: `${r.toFixed(2)}× (${archive.seconds.toFixed(1)} s vs ${read.seconds.toFixed(1)} s)`,
      met: r >= 0.8
    })
  }
  const status = find(largest, 'first status')
  const count = find(largest, 'count every record')
  if (status && count) {
    checks.push({
      target: 'first status (open, version, prefixes, plan) within 1 s',
      size: largest.tasks,
      figure: `${status.seconds.toFixed(2)} s, ${(status.seconds / count.seconds).toFixed(3)}× counting every record (${count.seconds.toFixed(1)} s, what status did before)`,
      met: status.seconds <= 1
    })
  }
  const checkpoint = find(largest, 'checkpoint')
  if (checkpoint && backup) {
    checks.push({
      target: 'checkpoint within 1 s',
      size: largest.tasks,
      figure: `${checkpoint.seconds.toFixed(2)} s, ${(checkpoint.seconds / backup.seconds).toFixed(3)}× a backup file (${backup.seconds.toFixed(1)} s)`,
      met: checkpoint.seconds <= 1
    })
  }
  const engine = (size: SizeResult): Measurement[] => size.measurements.filter((m) => ENGINE_RUNS.includes(m.name))
  const runs = engine(largest)
  const peak = Math.max(...runs.map((m) => m.rssPeakMb))
  const anon = Math.max(...runs.map((m) => m.rssAnonPeakMb ?? 0))
  const file = Math.max(...runs.map((m) => m.rssFilePeakMb ?? 0))
  const inProcess = `in the benchmark's process ${peak.toFixed(0)} MB (peaks: anonymous ${anon.toFixed(0)} MB, file-backed ${file.toFixed(0)} MB), a process already at ${Math.min(...runs.map((m) => m.rssStartMb)).toFixed(0)} MB or more before each run began`
  // Judged on the CLI's own process where it was measured: the benchmark's process carries what the measurements
  // before each run left behind (allocator arenas, heap pages), which no user's process has.
  const cli = find(largest, CLI_MIGRATE)
  const cliFigure = (m: Measurement): string =>
    `${m.rssPeakMb.toFixed(0)} MB (anonymous ${m.rssAnonPeakMb?.toFixed(0) ?? '–'} MB, file-backed ${m.rssFilePeakMb?.toFixed(0) ?? '–'} MB)`
  checks.push({
    target: 'peak RSS at most 300 MB during migrate/backup/verify/restore (#16; #6 asked under 350 MB)',
    size: largest.tasks,
    figure: cli ? `migrate by the CLI in its own process: ${cliFigure(cli)}; ${inProcess}` : inProcess,
    met: (cli ? cli.rssPeakMb : peak) <= 300
  })
  const growth = (size: SizeResult): number => Math.max(...engine(size).map((m) => m.rssGrowthMb))
  const anonGrowth = (size: SizeResult): number => Math.max(...engine(size).map((m) => m.rssAnonGrowthMb ?? 0))
  const sizesNote = sizes.map((s) => `${fmt(s.tasks)}: +${growth(s).toFixed(0)} MB (anonymous +${anonGrowth(s).toFixed(0)} MB)`).join(', ')
  const cliPeaks = sizes.map((s) => find(s, CLI_MIGRATE)).filter((m): m is Measurement => m !== undefined)
  if (cliPeaks.length > 0) {
    const first = cliPeaks[0] as Measurement
    const last = cliPeaks[cliPeaks.length - 1] as Measurement
    checks.push({
      target: "RSS roughly flat across sizes: the CLI process's peak at the largest size within 50 MB of the smallest's",
      size: last.storeTasks,
      figure: `${cliPeaks.map((m) => `${fmt(m.storeTasks)}: ${m.rssPeakMb.toFixed(0)} MB`).join(', ')}${cliPeaks.length < 2 ? ' (one size only)' : ''}`,
      met: last.rssPeakMb - first.rssPeakMb <= 50
    })
  }
  checks.push({
    target: "RSS roughly flat across sizes, in the benchmark's process: largest run growth within 50 MB of the smallest's",
    size: largest.tasks,
    figure:
      `${sizes.length > 1 ? sizesNote : `${sizesNote} (one size only)`}. Growth counts the table files LevelDB memory-maps: it ` +
      'keeps up to 64 open (it raises any smaller max_open_files to 74), ~105 MB of mapped pages once a store has that many tables (about 1M records), so growth rises up to that cap and not beyond',
    met: growth(sizes[sizes.length - 1] as SizeResult) - growth(smallest) <= 50
  })
  // In this process only: the CLI child's figure also holds its start-up, not the run.
  const worst = runs.reduce<Measurement | null>((w, m) => (w === null || m.eventLoopP99Ms > w.eventLoopP99Ms ? m : w), null)
  if (worst) {
    checks.push({
      target: "event-loop delay p99 at most 20 ms in every one of the tool's runs (#16; #6 asked under 50 ms)",
      size: largest.tasks,
      figure: `${worst.eventLoopP99Ms.toFixed(1)} ms in the worst run (${worst.name})`,
      met: worst.eventLoopP99Ms <= 20
    })
  }
  return checks
}

export function formatTargets(checks: TargetCheck[]): string {
  return checks.map((c) => `${c.met ? 'MET    ' : 'MISSED '} ${c.target} — ${fmt(c.size)} tasks: ${c.figure}`).join('\n')
}
