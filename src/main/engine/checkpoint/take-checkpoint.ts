import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { BackupReason } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { StoreKind } from '../../../shared/store-status.ts'
import { syncDirectory, syncFile } from '../backup/file/atomic-file.ts'
import { defaultBackupDir, storeIdOf } from '../backup/folder/backup-owner.ts'
import { checkpointTemporaryFor } from '../backup/folder/backup-temporaries.ts'
import { TOOL_NAME } from '../support/constants.ts'
import { toIoError } from '../support/io-errors.ts'
import { ENGINE_FILE, shareOrCopy, SKIPPED } from '../store/store-files.ts'
import { readNextFileNumber } from '../store/store-manifest.ts'
import { storeFingerprint } from '../store/store-snapshot.ts'
import { throwIfAborted } from '../store/store-scan.ts'
import { CHECKPOINT_FORMAT, STORE_FOLDER, writeCheckpointManifest, type CheckpointFile, type CheckpointManifest } from './checkpoint-manifest.ts'

export interface TakeCheckpointOptions {
  /** The store's directory. The caller holds its only operation, so no write of this process is in flight. */
  dataDir: string
  kind: StoreKind
  /** The checkpoint's folder, which must not exist yet (`<backup folder>/<id>`). */
  folder: string
  id: string
  reason: BackupReason
  schemaVersion: number
  signal?: AbortSignal
}

/**
 * The waits before each new attempt when the store changed while its files were taken (a compaction the open
 * started, finishing meanwhile): about 2.5 s in all before BUSY.
 */
const RETRY_WAITS_MS = [0, 10, 25, 50, 100, 200, 400, 700, 1000]

/** Links or copies every engine file of the store (not its LOCK, its text logs, extras or sub-folders) into `into`. */
async function shareFiles(dataDir: string, into: string): Promise<CheckpointFile[]> {
  const nextFileNumber = await readNextFileNumber(dataDir)
  const files: CheckpointFile[] = []
  for (const name of (await readdir(dataDir)).sort()) {
    if (SKIPPED.test(name) || !ENGINE_FILE.test(name) || name.endsWith('.dbtmp')) continue
    const from = path.join(dataDir, name)
    const info = await stat(from).catch(() => null)
    if (!info?.isFile()) continue
    const made = await shareOrCopy(from, path.join(into, name), nextFileNumber)
    files.push({ name, bytes: (await stat(path.join(into, name))).size, linked: made === 'linked', sha256: null })
  }
  return files
}

/** Flushes the copied files to disk (a linked table is the store's own, synced when the engine wrote it), then the folder. */
async function syncCopies(folder: string, files: readonly CheckpointFile[]): Promise<void> {
  for (const file of files) if (!file.linked) await syncFile(path.join(folder, file.name))
  await syncDirectory(folder)
}

/**
 * A checkpoint of the LevelDB or RocksDB store at `dataDir`: a folder holding a real store (`store/`) whose tables
 * are hard links to the store's own (which neither engine ever rewrites, so this costs nothing until the store
 * compacts them away) and whose small mutable files (CURRENT, MANIFEST, the log, OPTIONS) are copies, plus the
 * manifest of them all, written last. Across file systems every file is copied, and the manifest says so.
 * The files are taken again when the store changed meanwhile (a background compaction ending), so the checkpoint
 * is one state of the store. Everything is synced before the folder takes its final name; a failure (a full
 * disk) leaves no folder, and the store is only read.
 */
export async function takeCheckpoint(options: TakeCheckpointOptions): Promise<CheckpointManifest> {
  const { dataDir, folder } = options
  const storeId = storeIdOf(dataDir)
  const temporary = checkpointTemporaryFor(path.dirname(folder), options.id, storeId)
  try {
    for (const wait of RETRY_WAITS_MS) {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      throwIfAborted(options.signal, 'The checkpoint')
      await rm(temporary, { recursive: true, force: true })
      const storeFolder = path.join(temporary, STORE_FOLDER)
      await mkdir(storeFolder, { recursive: true })
      const before = await storeFingerprint(dataDir)
      const files = await shareFiles(dataDir, storeFolder)
      if ((await storeFingerprint(dataDir)) !== before) continue
      await syncCopies(storeFolder, files)
      const manifest: CheckpointManifest = {
        format: CHECKPOINT_FORMAT,
        id: options.id,
        createdAt: new Date().toISOString(),
        reason: options.reason,
        schemaVersion: options.schemaVersion,
        tool: TOOL_NAME,
        dataDir,
        storeId,
        defaultFolder: path.resolve(path.dirname(folder)) === defaultBackupDir(dataDir),
        kind: options.kind,
        copiedWhole: files.every((file) => !file.linked),
        files
      }
      await writeCheckpointManifest(temporary, manifest)
      await rename(temporary, folder)
      await syncDirectory(path.dirname(folder))
      return manifest
    }
    throw new MeridianError('BUSY', `The store kept changing while its checkpoint was taken (${RETRY_WAITS_MS.length} attempts): ${dataDir}`)
  } catch (error) {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined)
    if (error instanceof MeridianError) throw error
    throw toIoError(error, `take a checkpoint of ${dataDir} in ${path.dirname(folder)}`)
  }
}
