import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, statfs, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** A small file system of its own (tmpfs), so a test can fill it the way a full disk is full. */
export interface SmallDisk {
  dir: string
  /** Writes a file that takes all the space left but `leaveBytes`. */
  fill(leaveBytes?: number): Promise<void>
  /** Removes that file again. */
  free(): Promise<void>
  unmount(): Promise<void>
}

/** Why a small disk cannot be mounted here (not root, no mount permission in a container), or null. */
export const smallDiskUnavailable: string | null = (() => {
  if (process.platform !== 'linux') return 'mounting a tmpfs needs Linux'
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root'
  const probe = path.join(os.tmpdir(), `meridian-admin-mount-probe-${process.pid}`)
  try {
    execFileSync('mkdir', ['-p', probe])
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' })
    execFileSync('umount', [probe])
    return null
  } catch (error) {
    return `this machine does not allow mounting a tmpfs (${(error as Error).message.split('\n')[0]})`
  } finally {
    execFileSync('rm', ['-rf', probe])
  }
})()

export async function mountSmallDisk(sizeMb: number): Promise<SmallDisk> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-small-disk-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir])
  const filler = path.join(dir, 'filler')
  return {
    dir,
    async fill(leaveBytes = 0) {
      const info = await statfs(dir)
      const size = leaveBytes === 0 ? sizeMb * 1024 * 1024 : Math.max(0, info.bavail * info.bsize - leaveBytes)
      // Without room to leave, bigger than the disk: the write stops with ENOSPC once every block is taken.
      await writeFile(filler, Buffer.alloc(size)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOSPC') throw error
      })
    },
    free: () => rm(filler, { force: true }),
    async unmount() {
      execFileSync('umount', [dir])
      await rm(dir, { recursive: true, force: true })
    }
  }
}
