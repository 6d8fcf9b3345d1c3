import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { BACKUP_EXTENSION } from '../file/backup-format.ts'

/**
 * A backup is written under a temporary name, `.<id>.<store>.<pid>.mbak.tmp` (a checkpoint's folder:
 * `….checkpoint.tmp`, which is also where a deleted checkpoint goes before it is removed), that says which store
 * it is of and which process writes it, so a later backup can tell what a killed writer left (its process is
 * gone) from what another process is still writing (left alone), and never touches another store's (a shared
 * backup folder).
 */
const TEMP_SUFFIX = `${BACKUP_EXTENSION}.tmp`
const CHECKPOINT_TEMP_SUFFIX = '.checkpoint.tmp'
const TEMP_NAME = /^\.(backup_\d{8}_\d{6}(?:_\d{1,4})?)\.([0-9a-f]{12})\.(\d{1,10})\.(?:mbak|checkpoint)\.tmp$/

export function temporaryPathFor(finalPath: string, storeId: string, pid: number = process.pid): string {
  const id = path.basename(finalPath, BACKUP_EXTENSION)
  return path.join(path.dirname(finalPath), `.${id}.${storeId}.${pid}${TEMP_SUFFIX}`)
}

/** The temporary folder a checkpoint `id` of store `storeId` is taken in (or moved to, to be deleted), in `dir`. */
export function checkpointTemporaryFor(dir: string, id: string, storeId: string, pid: number = process.pid): string {
  return path.join(dir, `.${id}.${storeId}.${pid}${CHECKPOINT_TEMP_SUFFIX}`)
}

/** Whether any temporary (of any store or process, or of the older `.<id>.mbak.tmp` naming) holds `id`. */
export function isTemporaryOf(name: string, id: string): boolean {
  return name.startsWith(`.${id}.`) && (name.endsWith(TEMP_SUFFIX) || name.endsWith(CHECKPOINT_TEMP_SUFFIX))
}

/** Whether process `pid` runs on this machine; EPERM means it does, under another user. */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/**
 * Removes the temporaries of store `storeId` in `dir` whose writer process is gone; returns their names. Files of
 * other stores, of live processes and of the older naming (which says neither) stay.
 */
export async function removeStaleTemporaries(dir: string, storeId: string): Promise<string[]> {
  const removed: string[] = []
  for (const name of await readdir(dir)) {
    const match = TEMP_NAME.exec(name)
    if (!match || match[2] !== storeId || isProcessAlive(Number(match[3]))) continue
    await rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined)
    removed.push(name)
  }
  return removed
}
