import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ProgressListener } from '../../../shared/progress.ts'
import { MeridianError } from '../../../shared/errors.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import { throwIfAborted } from '../store/store-scan.ts'
import { sha256OfFiles } from './file-hashes.ts'
import { readCheckpointManifest, STORE_FOLDER, writeCheckpointManifest, type CheckpointManifest } from './checkpoint-manifest.ts'

/** Progress in bytes hashed: a checkpoint's files run from a few bytes (CURRENT) to tens of megabytes (a table). */
const totalBytes = (manifest: CheckpointManifest): number => manifest.files.reduce((sum, file) => sum + file.bytes, 0)

/**
 * Hashes every file of the checkpoint in `folder` and writes their SHA-256 into its manifest: the background half of
 * taking one, after which it counts as verified. Sizes are checked first, and files already hashed are checked, not
 * trusted (BACKUP_CORRUPT).
 */
export async function hashCheckpoint(folder: string, options: { signal?: AbortSignal; onProgress?: ProgressListener } = {}): Promise<CheckpointManifest> {
  const manifest = await readCheckpointManifest(folder)
  // A file of another size than the manifest says is refused before its bytes are hashed into the manifest.
  const sizes = await checkCheckpoint(folder, options.signal, { hashes: false })
  if (!sizes.ok) throw new MeridianError('BACKUP_CORRUPT', `Checkpoint ${manifest.id}: ${sizes.problem ?? 'a file does not match its manifest'}`)
  const progress = new ProgressTracker('verify', totalBytes(manifest), options.onProgress)
  throwIfAborted(options.signal, 'Hashing the checkpoint')
  const paths = manifest.files.map((file) => path.join(folder, STORE_FOLDER, file.name))
  const hashes = await sha256OfFiles(paths, { signal: options.signal, onFile: (index) => progress.advance(manifest.files[index]?.bytes ?? 0) }).catch(
    (error: unknown) => {
      if (error instanceof MeridianError) throw error
      throw new MeridianError('BACKUP_CORRUPT', `Checkpoint ${manifest.id} lacks a file: ${(error as Error).message}`, { cause: error })
    }
  )
  const files = manifest.files.map((file, index) => {
    const sha256 = hashes[index] ?? ''
    if (file.sha256 !== null && file.sha256 !== sha256)
      throw new MeridianError('BACKUP_CORRUPT', `Checkpoint ${manifest.id}: ${file.name} has changed since it was hashed`)
    return { ...file, sha256 }
  })
  progress.finish()
  const hashed = { ...manifest, files }
  await writeCheckpointManifest(folder, hashed)
  return hashed
}

export interface CheckpointCheck {
  ok: boolean
  /** Every file has its SHA-256 and they all matched; false while the background hashing has not finished. */
  verified: boolean
  problem: string | null
}

/**
 * Checks the checkpoint in `folder` against its manifest: every file there with its size, and, once hashed, its
 * SHA-256 (unless `hashes: false`: sizes only, for a rollback that cannot spend a second reading them). A problem
 * is reported (ok: false), never thrown; a folder without a readable manifest is one.
 */
export async function checkCheckpoint(folder: string, signal?: AbortSignal, options: { hashes?: boolean } = {}): Promise<CheckpointCheck> {
  const hashes = options.hashes !== false
  let manifest: CheckpointManifest
  try {
    manifest = await readCheckpointManifest(folder)
  } catch (error) {
    return { ok: false, verified: false, problem: (error as Error).message }
  }
  const present = new Set(await readdir(path.join(folder, STORE_FOLDER)).catch(() => []))
  for (const file of manifest.files) {
    const where = path.join(folder, STORE_FOLDER, file.name)
    if (!present.has(file.name)) return { ok: false, verified: false, problem: `${file.name} is missing` }
    const bytes = (await stat(where)).size
    if (bytes !== file.bytes) return { ok: false, verified: false, problem: `${file.name} is ${bytes} bytes, not ${file.bytes}` }
  }
  const hashed = manifest.files.filter((file) => file.sha256 !== null)
  if (hashes && hashed.length > 0) {
    const found = await sha256OfFiles(
      hashed.map((file) => path.join(folder, STORE_FOLDER, file.name)),
      { signal }
    )
    const changed = hashed.find((file, index) => found[index] !== file.sha256)
    if (changed) return { ok: false, verified: false, problem: `${changed.name} does not match its SHA-256` }
  }
  return { ok: true, verified: manifest.files.every((file) => file.sha256 !== null), problem: null }
}

/**
 * What the checkpoint in `folder` costs on disk beyond the store at `dataDir`: the bytes of its files that are not
 * the store's own (copies, and tables the store has since compacted away). Just taken on one file system: the
 * copied log and MANIFEST, a few megabytes at most.
 */
export async function checkpointDiskCost(folder: string, dataDir: string): Promise<number> {
  const live = new Set<string>()
  for (const name of await readdir(dataDir).catch(() => [])) {
    const info = await stat(path.join(dataDir, name)).catch(() => null)
    if (info?.isFile()) live.add(`${info.dev}:${info.ino}`)
  }
  let bytes = 0
  for (const name of await readdir(path.join(folder, STORE_FOLDER))) {
    const info = await stat(path.join(folder, STORE_FOLDER, name))
    if (!live.has(`${info.dev}:${info.ino}`)) bytes += info.size
  }
  return bytes
}

/**
 * Every file of the checkpoint in `folder` against its manifest, each file read once: hashed now (and the hashes
 * kept) when the background hashing has not finished, else checked against the hashes it wrote. For a verify and a
 * restore; a problem is reported (ok: false), as checkCheckpoint reports one.
 */
export async function proveCheckpoint(folder: string, options: { signal?: AbortSignal; onProgress?: ProgressListener } = {}): Promise<CheckpointCheck> {
  let manifest: CheckpointManifest
  try {
    manifest = await readCheckpointManifest(folder)
  } catch (error) {
    return { ok: false, verified: false, problem: (error as Error).message }
  }
  if (!manifest.files.some((file) => file.sha256 === null)) return checkCheckpoint(folder, options.signal)
  try {
    await hashCheckpoint(folder, options)
    return { ok: true, verified: true, problem: null }
  } catch (error) {
    if (error instanceof MeridianError && error.code === 'BACKUP_CORRUPT') return { ok: false, verified: false, problem: error.message }
    throw error
  }
}
