import { open, readdir, readFile, unlink } from 'node:fs/promises'
import path from 'node:path'
import { BACKUP_EXTENSION } from '../file/backup-format.ts'
import { isProcessAlive } from './backup-temporaries.ts'

/**
 * A backup id is reserved before anything of the backup is written, by creating `.<id>.mbak.claim` exclusively
 * ('wx': of any number of processes, stores and machines sharing the folder, one creates it, the others are told
 * it exists). A writer holds the claim from allocation until its file is committed or discarded, so two writers
 * never pick the same id, whatever second they start in. The claim says which store and process hold it, so a
 * claim a killed writer left can be removed by its own store's next backup; any other claim only makes the next
 * allocation skip that id.
 */
const CLAIM_SUFFIX = `${BACKUP_EXTENSION}.claim`
const CLAIM_NAME = /^\.(backup_\d{8}_\d{6}(?:_\d{1,4})?)\.mbak\.claim$/
const CLAIM_TEXT = /^([0-9a-f]{12}|-) (\d{1,10})\n$/

export function claimPathFor(finalPath: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath, BACKUP_EXTENSION)}${CLAIM_SUFFIX}`)
}

/** Reserves the id of `finalPath` for this process; false when someone else holds it. */
export async function tryClaim(finalPath: string, storeId: string | undefined): Promise<boolean> {
  let handle
  try {
    handle = await open(claimPathFor(finalPath), 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(`${storeId ?? '-'} ${process.pid}\n`)
  } finally {
    await handle.close()
  }
  return true
}

/** Gives the id of `finalPath` up again (once its file is in place, or was never written). Never throws. */
export async function releaseClaim(finalPath: string): Promise<void> {
  await unlink(claimPathFor(finalPath)).catch(() => undefined)
}

/** Removes the claims of store `storeId` in `dir` whose process is gone; claims it cannot read stay. */
export async function removeStaleClaims(dir: string, storeId: string): Promise<string[]> {
  const removed: string[] = []
  for (const name of await readdir(dir)) {
    if (!CLAIM_NAME.test(name)) continue
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '')
    const match = CLAIM_TEXT.exec(text)
    if (!match || match[1] !== storeId || isProcessAlive(Number(match[2]))) continue
    await unlink(path.join(dir, name)).catch(() => undefined)
    removed.push(name)
  }
  return removed
}
