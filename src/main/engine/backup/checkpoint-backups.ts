import { rename, rm } from 'node:fs/promises'
import path from 'node:path'
import type { BackupInfo, BackupReason, VerifyReport } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { checkpointInfo } from '../checkpoint/checkpoint-info.ts'
import { readCheckpointManifest, STORE_FOLDER, writeCheckpointManifest } from '../checkpoint/checkpoint-manifest.ts'
import { checkCheckpoint, proveCheckpoint } from '../checkpoint/checkpoint-verify.ts'
import { takeCheckpoint } from '../checkpoint/take-checkpoint.ts'
import { KeyCountEstimate } from '../store/key-count-estimate.ts'
import { copyStoreFiles } from '../store/store-copy.ts'
import type { CommitSeal } from '../store/store-history.ts'
import { scanBatches, throwIfAborted } from '../store/store-scan.ts'
import { MeridianStore } from '../store/store.ts'
import { toIoError } from '../support/io-errors.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import { syncDirectory } from './file/atomic-file.ts'
import { releaseClaim } from './folder/backup-claims.ts'
import { belongsTo, type BackupScope } from './folder/backup-owner.ts'
import type { BackupRepository } from './folder/backup-repository.ts'
import { checkpointTemporaryFor } from './folder/backup-temporaries.ts'
import { carryPreserved, preservedEntries } from './preserved-entries.ts'

/** Takes a checkpoint of `store` into the backup folder under a fresh id: milliseconds, whatever the store's size. */
export async function takeCheckpointBackup(
  store: MeridianStore,
  repository: BackupRepository,
  scope: BackupScope,
  reason: BackupReason,
  options: { signal?: AbortSignal; schemaVersion?: number } = {}
): Promise<BackupInfo> {
  const schemaVersion = options.schemaVersion ?? (await store.readVersion().catch(() => 0))
  await repository.removeStaleTemporaries(scope.storeId)
  const id = await repository.allocateId(new Date(), scope.storeId)
  try {
    const folder = repository.checkpointPathFor(id)
    // No progress phase of its own: it takes milliseconds, and a phase of one step would weigh in a whole-run bar
    // as much as the pass after it (see withOverallProgress).
    const manifest = await takeCheckpoint({ dataDir: store.dataDir, kind: store.kind, folder, id, reason, schemaVersion, signal: options.signal })
    return await checkpointInfo(folder, manifest, store.dataDir)
  } finally {
    await releaseClaim(repository.pathFor(id))
  }
}

/** Counts every entry of the store in the checkpoint's `store/`, reading it as any store is read: through a private snapshot. */
async function readWhole(folder: string, signal: AbortSignal | undefined, onProgress: ProgressListener | undefined): Promise<number> {
  const store = await MeridianStore.open(path.join(folder, STORE_FOLDER))
  try {
    const estimate = await KeyCountEstimate.of(store.db, signal)
    const progress = new ProgressTracker('verify', estimate.current, onProgress, null, !estimate.exact)
    let records = 0
    let batches = 0
    for await (const batch of scanBatches(store.db, { signal })) {
      records += batch.length
      progress.advance(batch.length)
      const last = batch.at(-1)
      // The estimate from table sizes, refined every few batches as the backup writer does.
      if (last && !estimate.exact && batches++ % 16 === 0) progress.retotal(await estimate.refine(records, last[0]))
    }
    progress.retotal(records, true)
    progress.finish()
    return records
  } finally {
    await store.close()
  }
}

/**
 * Verifies checkpoint `id` in `folder`: every file against its manifest (hashing those the background hashing has
 * not reached yet), then every entry read through the engine, which checks each block it reads. The count is kept
 * in the manifest. A problem is reported (ok: false); another store's checkpoint is BACKUP_OF_ANOTHER_STORE only
 * where the caller asks (restore), never here.
 */
export async function verifyCheckpointBackup(
  folder: string,
  id: string,
  options: { signal?: AbortSignal; onProgress?: ProgressListener } = {}
): Promise<VerifyReport> {
  const damaged = (problem: string): VerifyReport => ({ id, ok: false, records: 0, problem })
  try {
    const check = await proveCheckpoint(folder, options)
    if (!check.ok) return damaged(check.problem ?? 'a file does not match its manifest')
    const records = await readWhole(folder, options.signal, options.onProgress)
    await writeCheckpointManifest(folder, { ...(await readCheckpointManifest(folder)), records })
    return { id, ok: true, records, problem: null }
  } catch (error) {
    if (error instanceof MeridianError && error.code === 'CANCELLED') throw error
    if (error instanceof MeridianError && ['BACKUP_CORRUPT', 'CORRUPT_DATABASE', 'NOT_A_DATABASE'].includes(error.code)) return damaged(error.message)
    throw error
  }
}

/**
 * Deletes checkpoint `id`: renamed to a temporary first (one rename: listed or gone, never half there), then
 * removed; a kill meanwhile leaves a temporary the next backup of the store removes.
 */
export async function deleteCheckpointBackup(repository: BackupRepository, id: string, storeId: string): Promise<void> {
  const doomed = checkpointTemporaryFor(repository.dir, id, storeId)
  try {
    await rename(repository.checkpointPathFor(id), doomed)
    await syncDirectory(repository.dir)
    await rm(doomed, { recursive: true, force: true })
  } catch (error) {
    throw toIoError(error, `delete checkpoint ${id}`)
  }
}

/**
 * Why checkpoint `folder` cannot put the store of `scope` back, or null when it can: its manifest readable, the
 * store's own (any store's without `scope`), and every file there at its size (the SHA-256 are the background hashing's and a verify's work:
 * reading them all would cost the second a rollback has).
 */
export async function whyCheckpointUnusable(folder: string, scope: BackupScope | undefined): Promise<string | null> {
  try {
    const manifest = await readCheckpointManifest(folder)
    if (scope !== undefined && !belongsTo(manifest, scope)) return `it is of another store (${manifest.dataDir})`
  } catch (error) {
    return (error as Error).message
  }
  const check = await checkCheckpoint(folder, undefined, { hashes: false })
  return check.ok ? null : (check.problem ?? 'a file does not match its manifest')
}

/**
 * Puts the store back as checkpoint `folder` holds it, by directory swap (see MeridianStore.replaceDirectory):
 * its files linked into a new directory beside the store, the store's history and bookkeeping carried over, then
 * the two directories swapped by rename. No read of the live store beyond those few keys: under a second on any
 * size. The swapped-in store has no note (the checkpoint was taken before it, and the note is not carried), and
 * holds `seal`'s entry when given: a kill after the swap leaves the operation done and recorded.
 */
export async function revertToCheckpoint(
  store: MeridianStore,
  folder: string,
  options: { phase: 'rollback' | 'restore'; onProgress?: ProgressListener; signal?: AbortSignal; seal?: CommitSeal }
): Promise<void> {
  const progress = new ProgressTracker(options.phase, 1, options.onProgress)
  const carried = await preservedEntries(store.db)
  await store.replaceDirectory(async (incoming) => {
    throwIfAborted(options.signal, 'Putting the store back')
    await copyStoreFiles(path.join(folder, STORE_FOLDER), incoming)
    await carryPreserved(carried, incoming, options.seal)
  })
  progress.advance(1)
  progress.finish()
}
