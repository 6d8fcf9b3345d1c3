import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../../../shared/errors.ts'
import { faultBeforeWrite, faultPoint } from '../../support/fault-injection.ts'

/**
 * The write-then-rename sequence that makes a file appear whole or not at all: write to a temporary name, flush
 * it, close, move it to the final name, then flush the directory so the move itself survives a power loss.
 * The move never replaces a file: it is a hard link (which fails when the name exists) and then the removal of
 * the temporary name, so a writer that got the same name as another (a folder shared with an older tool) fails
 * instead of putting its file in place of the other's. Where hard links are not supported, a rename after a
 * check that the name is free.
 */
export class AtomicFile {
  private constructor(
    readonly finalPath: string,
    readonly tempPath: string,
    readonly handle: FileHandle
  ) {}

  /** `tempPath` is in the same folder as `finalPath` (a rename never crosses file systems). */
  static async create(finalPath: string, tempPath: string): Promise<AtomicFile> {
    // 'wx': never reuse a file another writer may still hold.
    const handle = await open(tempPath, 'wx')
    return new AtomicFile(finalPath, tempPath, handle)
  }

  async write(data: Buffer): Promise<void> {
    faultBeforeWrite('backup file')
    let written = 0
    while (written < data.length) {
      const { bytesWritten } = await this.handle.write(data, written, data.length - written)
      written += bytesWritten
    }
    faultPoint('backup.chunk-written')
  }

  async commit(): Promise<void> {
    faultPoint('backup.before-sync')
    await this.handle.sync()
    await this.handle.close()
    faultPoint('backup.before-rename')
    await moveWithoutReplacing(this.tempPath, this.finalPath)
    faultPoint('backup.after-rename')
    await syncDirectory(path.dirname(this.finalPath))
    faultPoint('backup.after-directory-sync')
  }

  /** Removes the temporary file after a failure; never throws over the original error. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined)
    await unlink(this.tempPath).catch(() => undefined)
  }
}

/** File systems without hard links (FAT, some network shares) answer these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'])

async function moveWithoutReplacing(from: string, to: string): Promise<void> {
  try {
    await link(from, to)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST' || (NO_LINKS.has(code) && existsSync(to))) {
      throw new MeridianError('BUSY', `Another writer already put a file at ${to}; nothing was replaced. Try again.`)
    }
    if (!NO_LINKS.has(code)) throw error
    await rename(from, to)
    return
  }
  // The backup is in place; a temporary name left here is removed by the store's next backup.
  await unlink(from).catch(() => undefined)
}

/** Flushes one file's bytes to disk (its folder entry is the folder's: see syncDirectory). */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Replaces `file` with `text`: written whole and synced beside it, then renamed into place and the folder synced.
 * The temporary name is this writer's own, so two writers at once (a checkpoint hashed by its background work and
 * by a verify) each put a whole file in place, the last one winning.
 */
export async function replaceFileSynced(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, file)
  await syncDirectory(path.dirname(file))
}
