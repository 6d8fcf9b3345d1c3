import { open, rename, unlink, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { faultBeforeWrite, faultPoint } from '../fault-injection.ts'

/**
 * The write-then-rename sequence that makes a file appear whole or not at all: write to a temporary name, flush
 * it, close, rename over the final name, then flush the directory so the rename itself survives a power loss.
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
    await rename(this.tempPath, this.finalPath)
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

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
