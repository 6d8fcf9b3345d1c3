import { lstat, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../../shared/errors.ts'
import { syncDirectory, syncFile } from '../backup/file/atomic-file.ts'
import { faultBeforeWrite, faultPoint } from '../support/fault-injection.ts'
import { toIoError } from '../support/io-errors.ts'
import { shareOrCopy, SKIPPED } from './store-files.ts'
import { readNextFileNumber } from './store-manifest.ts'

export interface StoreCopy {
  /** Tables shared by hard link with `from` (never written again by either engine). */
  linked: number
  /** Files copied: the mutable ones, orphan tables, and every file where links cannot be made. */
  copied: number
  copiedBytes: number
}

/**
 * Links the tables (shareOrCopy with the source's next file number from readNextFileNumber(from)) and copies every
 * other store file (not SKIPPED, regular files only) from `from` into the existing empty folder `into`, then fsyncs
 * each copied file and the folder. A linked table is synced already: it is the source's own file. `from` must not
 * be written meanwhile (a checkpoint's `store/`, or a closed store); it is only read.
 */
export async function copyStoreFiles(from: string, into: string): Promise<StoreCopy> {
  try {
    // A file already there would be overwritten by a copy (and refused by a link): only an empty folder is filled.
    const present = await readdir(into)
    if (present.length > 0)
      throw new MeridianError('INVALID_INPUT', `The folder a store is copied into must be empty; it holds ${present.length} entries: ${into}`)
    const nextFileNumber = await readNextFileNumber(from)
    const copies: string[] = []
    let linked = 0
    let copiedBytes = 0
    for (const name of (await readdir(from)).sort()) {
      if (SKIPPED.test(name) || !(await lstat(path.join(from, name))).isFile()) continue
      const target = path.join(into, name)
      faultBeforeWrite('store copy')
      if ((await shareOrCopy(path.join(from, name), target, nextFileNumber)) === 'linked') {
        linked++
      } else {
        copies.push(target)
        copiedBytes += (await stat(target)).size
      }
      faultPoint('store-copy.file')
    }
    for (const file of copies) await syncFile(file)
    await syncDirectory(into)
    return { linked, copied: copies.length, copiedBytes }
  } catch (error) {
    throw toIoError(error, `copy the store's files from ${from} into ${into}`)
  }
}
