import { hashCheckpoint, MeridianStore, MigrationManager, takeCheckpoint, type TransformSettings } from '../src/main/engine/index.ts'
import type { ProgressEvent } from '../src/shared/progress.ts'
import type { MeasuredWork } from './monitor.ts'
import path from 'node:path'

/** Wall time of each progress phase (first event to last), so a run can be split into backup, pass, verify, … */
export class PhaseClock {
  private readonly spans = new Map<string, { first: number; last: number }>()

  readonly listener = (event: ProgressEvent): void => {
    const now = performance.now()
    const span = this.spans.get(event.phase)
    if (span) span.last = now
    else this.spans.set(event.phase, { first: now, last: now })
  }

  details(): Record<string, number> {
    return Object.fromEntries([...this.spans].map(([phase, span]) => [`${phase}PhaseSeconds`, Math.round(span.last - span.first) / 1000]))
  }

  note(): string {
    return [...this.spans].map(([phase, span]) => `${phase} ${((span.last - span.first) / 1000).toFixed(2)}s`).join(' · ')
  }
}

/**
 * What a screen waits for on a store it has just opened: the open (a private read snapshot), the recovery check,
 * the version, identity, prefixes and plan. `tasks` is the store's size, for the records/s column.
 */
export async function firstStatus(dataDir: string, backupDir: string, tasks: number): Promise<MeasuredWork> {
  const session = await EngineSession.open(dataDir, backupDir)
  try {
    const status = await session.manager.status()
    return { records: tasks, details: { prefixes: status.prefixes.length }, notes: [`open + status: ${status.prefixes.length} prefixes, no record read`] }
  } finally {
    await session.close()
  }
}

/** The record counts that fill in after the status: every key, values parsed under task: only. */
export async function countEveryRecord(dataDir: string, backupDir: string): Promise<MeasuredWork> {
  const session = await EngineSession.open(dataDir, backupDir)
  try {
    const clock = new PhaseClock()
    const counts = await session.manager.recordCounts({ onProgress: clock.listener })
    return { records: counts.keys, details: clock.details(), notes: [`${counts.keys.toLocaleString('en-US')} keys in ${counts.prefixes.length} prefixes`] }
  } finally {
    await session.close()
  }
}

/** A checkpoint of the store (hard links to its tables, copies of the rest), taken beside its backups. */
export async function checkpointRun(dataDir: string, folder: string, tasks: number): Promise<MeasuredWork> {
  const manifest = await takeCheckpoint({ dataDir, kind: 'leveldb', folder, id: path.basename(folder), reason: 'manual', schemaVersion: 1 })
  const linked = manifest.files.filter((file) => file.linked)
  const copiedBytes = manifest.files.filter((file) => !file.linked).reduce((sum, file) => sum + file.bytes, 0)
  return {
    records: tasks,
    details: { files: manifest.files.length, linked: linked.length, copiedBytes },
    notes: [`${linked.length} of ${manifest.files.length} files linked, ${(copiedBytes / 1048576).toFixed(1)} MB copied`]
  }
}

/** The checkpoint's background half: every file hashed into its manifest, after which it counts as verified. */
export async function hashCheckpointRun(folder: string, tasks: number): Promise<MeasuredWork> {
  const manifest = await hashCheckpoint(folder)
  const mb = manifest.files.reduce((sum, file) => sum + file.bytes, 0) / 1048576
  return { records: tasks, details: { mb: Math.round(mb) }, notes: [`${mb.toFixed(0)} MB hashed`] }
}

/** One open store and its manager, with backups beside it; closed by `close`. */
export class EngineSession {
  private constructor(
    readonly store: MeridianStore,
    readonly manager: MigrationManager
  ) {}

  /** `transform`: where the passes transform records (default: as a user's run chooses). */
  static async open(dataDir: string, backupDir: string, transform?: TransformSettings): Promise<EngineSession> {
    const store = await MeridianStore.open(dataDir)
    return new EngineSession(store, new MigrationManager(store, { backupDir, transform }))
  }

  /** dryRun v1 → v2: the same pass (read, parse, the step with its schema checks) without backup or writes. */
  async dryRun(): Promise<MeasuredWork> {
    const clock = new PhaseClock()
    const report = await this.manager.dryRun({ onProgress: clock.listener })
    return { records: report.itemsToMigrate, details: clock.details(), notes: [`phases: ${clock.note()}; the pass of a migrate minus its writes`] }
  }

  /** migrate v1 → v2, its safety net included (a checkpoint unless `archive`); records/s over the tasks migrated. */
  async migrate(safetyNetKind: 'checkpoint' | 'archive' = 'checkpoint'): Promise<{ work: MeasuredWork; backupId: string }> {
    const clock = new PhaseClock()
    const result = await this.manager.migrate({ safetyNetKind, onProgress: clock.listener })
    if (result.status !== 'migrated' || !result.backupId) throw new Error(`bench: migrate did not run (${result.status})`)
    return {
      backupId: result.backupId,
      work: { records: result.itemsMigrated, details: clock.details(), notes: [`phases: ${clock.note()}`] }
    }
  }

  /** createBackup: every key of the store, streamed and compressed; records/s over every key. */
  async backup(): Promise<{ work: MeasuredWork; backupId: string }> {
    const clock = new PhaseClock()
    const info = await this.manager.createBackup({ onProgress: clock.listener })
    const mb = info.bytes / 1048576
    return {
      backupId: info.id,
      work: { records: info.records ?? 0, details: { ...clock.details(), backupMb: Math.round(mb * 10) / 10 }, notes: [`file ${mb.toFixed(1)} MB`] }
    }
  }

  /** archiveCheckpoint: the checkpoint's every key, read through a private snapshot, compressed and written. */
  async archiveCheckpoint(id: string): Promise<MeasuredWork> {
    const clock = new PhaseClock()
    const info = await this.manager.archiveCheckpoint(id, { onProgress: clock.listener })
    const mb = info.bytes / 1048576
    return { records: info.records ?? 0, details: { ...clock.details(), archiveMb: Math.round(mb * 10) / 10 }, notes: [`file ${mb.toFixed(1)} MB`] }
  }

  async verify(id: string): Promise<MeasuredWork> {
    const report = await this.manager.verifyBackup(id)
    if (!report.ok) throw new Error(`bench: backup ${id} did not verify: ${String(report.problem)}`)
    return { records: report.records }
  }

  /** The record count of archive `id` (read before a measurement, so it costs the measurement nothing). */
  async backupRecords(id: string): Promise<number> {
    const info = (await this.manager.listBackups()).find((backup) => backup.id === id)
    if (!info?.records) throw new Error(`bench: backup ${id} is not listed as an archive with its record count`)
    return info.records
  }

  /**
   * A migration cancelled half-way through its pass, put back from its checkpoint: `rollbackSeconds` is the time
   * from the cancel to the store being as before (what a person waits after pressing Cancel).
   */
  async cancelHalfway(tasks: number): Promise<MeasuredWork> {
    const controller = new AbortController()
    let cancelledAt = 0
    const clock = new PhaseClock()
    const outcome = await this.manager
      .migrate({
        signal: controller.signal,
        onProgress: (event) => {
          clock.listener(event)
          if (event.phase === 'migrate' && event.done >= event.total / 2 && cancelledAt === 0) {
            cancelledAt = performance.now()
            controller.abort()
          }
        }
      })
      .then(
        () => 'migrated',
        (error: { code?: string }) => error.code ?? 'failed'
      )
    if (outcome !== 'CANCELLED' || cancelledAt === 0) throw new Error(`bench: the half-way cancel ended ${outcome}`)
    const rollbackSeconds = Math.round(performance.now() - cancelledAt) / 1000
    return { records: tasks, details: { ...clock.details(), rollbackSeconds }, notes: [`put back ${rollbackSeconds.toFixed(2)} s after the cancel`] }
  }

  /** Where archive `id` lies. */
  archivePath(id: string): string {
    return this.manager.backups.repository.existingPathFor(id)
  }

  /** restoreBackup: checksum, a new store written beside, pre-restore checkpoint, swap; records/s over the backup's records. */
  async restore(id: string, records: number): Promise<MeasuredWork> {
    const clock = new PhaseClock()
    const result = await this.manager.restoreBackup(id, { onProgress: clock.listener })
    return {
      records,
      details: { ...clock.details(), keysWritten: result.keysWritten, keysDeleted: result.keysDeleted },
      notes: [`phases: ${clock.note()}`, `${result.keysWritten.toLocaleString('en-US')} keys written, ${result.keysDeleted} deleted`]
    }
  }

  async close(): Promise<void> {
    await this.store.close()
  }
}
