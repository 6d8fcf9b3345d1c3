import { rename, rm, rmdir, statfs } from 'node:fs/promises'
import path from 'node:path'
import { formatBytes } from '../../../shared/format.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { BatchWriter } from '../store/batch-writer.ts'
import { syncStoreFiles } from '../store/store-durability.ts'
import type { CommitSeal } from '../store/store-history.ts'
import { prebuiltFolderFor } from '../store/directory-swap.ts'
import type { StoreKind } from '../../../shared/store-status.ts'
import { toIoError } from '../support/io-errors.ts'
import { isPreservedKey } from '../store/store-keys.ts'
import { openStoreDb } from '../store/store-opener.ts'
import { throwIfAborted } from '../store/store-scan.ts'
import type { Db, MeridianStore } from '../store/store.ts'
import { EventLoopYielder } from '../support/event-loop-yield.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import type { BackupLayout } from './file/backup-layout.ts'
import { carryPreserved, preservedEntries } from './preserved-entries.ts'

/**
 * How an archive is put in place: `rebuild` writes a new store from it beside the live one and swaps the two
 * directories (the live store is not read, and is untouched until the swap); `merge` rewrites the live store
 * in place (restore-merge.ts), which needs next to no room, so it is what a nearly full disk gets.
 */
export type ArchivePutMethod = { method: 'rebuild' } | { method: 'merge'; reason: string }

/** The engines' working files beyond the records: a write-ahead log, a memtable's worth, a MANIFEST. */
const WORKING_ROOM_BYTES = 64 * 1024 * 1024

/**
 * `rebuild` when the disk holding the store has room for a second store of the archive's size (its records
 * uncompressed, an upper bound: both engines' tables are no larger), `merge` with the reason otherwise.
 */
export async function archivePutMethod(dataDir: string, layout: BackupLayout): Promise<ArchivePutMethod> {
  const needed = layout.footer.rawBytes + WORKING_ROOM_BYTES
  let free: number
  try {
    const disk = await statfs(path.dirname(path.resolve(dataDir)))
    free = disk.bavail * disk.bsize
  } catch {
    // No answer about the disk is no reason to refuse: a build that runs out of room leaves the store as it was.
    return { method: 'rebuild' }
  }
  if (free >= needed) return { method: 'rebuild' }
  return {
    method: 'merge',
    reason: `${formatBytes(free)} free beside the store, where a store rebuilt from the archive needs about ${formatBytes(needed)}`
  }
}

export interface BuildOptions {
  phase: 'rollback' | 'restore'
  /** Entries the archive holds, for the progress total. */
  total: number
  onProgress?: ProgressListener
  /** Checked between batches; a rollback passes none, since it must run to the end. */
  signal?: AbortSignal
}

/** A store written from an archive beside the live one, waiting to be swapped in (swapInPrebuilt) or discarded. */
export interface PrebuiltStore {
  readonly folder: string
  /** Entries written: all of the archive's but the preserved keys, which come from the live store. */
  readonly written: number
  /** Removes the folder, unless it was swapped in: for every way out of an operation that did not use it. */
  discard(): Promise<void>
}

/** Writes every entry but the preserved ones into the empty store `db`, in bounded unsynced batches. */
async function writeEntries(
  db: Db,
  entries: AsyncIterable<Array<[Buffer, Buffer]>>,
  progress: ProgressTracker,
  signal: AbortSignal | undefined
): Promise<number> {
  const writer = new BatchWriter(db)
  const yielder = new EventLoopYielder()
  let written = 0
  try {
    for await (const batch of entries) {
      for (const [key, value] of batch) {
        await yielder.maybeYield()
        if (isPreservedKey(key)) continue
        await writer.put(key, value)
        written++
      }
      progress.advance(batch.length)
      throwIfAborted(signal, 'The restore')
    }
    await writer.flush()
  } finally {
    await writer.settle()
  }
  return written
}

/**
 * Writes an archive's `entries` (a checked stream: a damaged block or checksum fails it) into a new store of
 * `kind` beside dataDir (see prebuiltFolderFor), every file fsynced. Neither reads nor changes the live store: a
 * failure or cancel here removes what was built and leaves everything as it was; a kill leaves a folder the next
 * write to the store removes.
 */
export async function buildFromArchive(
  dataDir: string,
  kind: StoreKind,
  entries: AsyncIterable<Array<[Buffer, Buffer]>>,
  options: BuildOptions
): Promise<PrebuiltStore> {
  const folder = prebuiltFolderFor(dataDir)
  const discard = (): Promise<void> => rm(folder, { recursive: true, force: true })
  const progress = new ProgressTracker(options.phase, options.total, options.onProgress)
  try {
    await discard()
    const built = await openStoreDb(folder, { createIfMissing: true, createKind: kind, access: 'write' })
    let written: number
    try {
      written = await writeEntries(built.db, entries, progress, options.signal)
    } finally {
      await built.db.close()
      await built.release()
    }
    await syncStoreFiles(folder)
    progress.finish()
    return { folder, written, discard }
  } catch (error) {
    await discard().catch(() => undefined)
    throw toIoError(error, `write the store restored from the archive beside ${dataDir}`)
  }
}

/**
 * Puts `prebuilt` in place of the store by directory swap (see MeridianStore.replaceDirectory), with the live
 * store's history and bookkeeping carried over as a merge keeps them and `seal` (the operation's commit) in the
 * same synced batch: the swap is the commit point. Nothing of the live store is read beyond those few keys.
 */
export async function swapInPrebuilt(store: MeridianStore, prebuilt: PrebuiltStore, seal: CommitSeal | undefined): Promise<void> {
  const carried = await preservedEntries(store.db)
  await store.replaceDirectory(async (incoming) => {
    await rmdir(incoming)
    await rename(prebuilt.folder, incoming)
    await carryPreserved(carried, incoming, seal)
    await syncStoreFiles(incoming)
  })
}

/** Puts the store back as an archive's entries hold it: built beside it, then swapped in (a rollback's or a recovery's put-back). */
export async function rebuildFromArchive(
  store: MeridianStore,
  entries: AsyncIterable<Array<[Buffer, Buffer]>>,
  options: BuildOptions & { seal?: CommitSeal }
): Promise<void> {
  const prebuilt = await buildFromArchive(store.dataDir, store.kind, entries, options)
  try {
    await swapInPrebuilt(store, prebuilt, options.seal)
  } finally {
    await prebuilt.discard()
  }
}
