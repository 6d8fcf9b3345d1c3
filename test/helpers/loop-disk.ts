import { execFileSync, spawnSync } from 'node:child_process'
import { appendFile, mkdir, mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** Runs a system command; throws with its stderr when it fails. */
function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.status}`}`)
  return result.stdout.trim()
}

/**
 * A small ext4 file system in an image file, on a loop device, mounted in a temp folder: the disk a power cut
 * is simulated on, or one filled until writes fail with ENOSPC (`fill`, `free`). `cut()` shuts it down the way xfstests do (`xfs_io -x -c shutdown`, no -f): from then on
 * nothing more reaches the image, and what was written but not yet flushed is lost, as in a power cut.
 */
export class LoopDisk {
  private device: string | null = null
  private mounted = false

  private constructor(
    private readonly root: string,
    readonly mountPoint: string
  ) {}

  static async create(sizeMb: number): Promise<LoopDisk> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-power-'))
    const disk = new LoopDisk(root, path.join(root, 'mnt'))
    try {
      const image = path.join(root, 'disk.img')
      run('truncate', ['-s', `${sizeMb}M`, image])
      run('mkfs.ext4', ['-q', '-F', image])
      await mkdir(disk.mountPoint)
      disk.device = run('losetup', ['--find', '--show', image])
      disk.mount()
    } catch (error) {
      await disk.dispose()
      throw error
    }
    return disk
  }

  private mount(): void {
    if (!this.device) throw new Error('the loop device is gone')
    run('mount', [this.device, this.mountPoint])
    this.mounted = true
  }

  /** Everything written so far reaches the image (a trial's starting store must survive the cut). */
  flush(): void {
    run('sync', ['-f', this.mountPoint])
  }

  /** The power cut: the file system stops at once, without flushing its journal. */
  cut(): void {
    execFileSync('xfs_io', ['-x', '-c', 'shutdown', this.mountPoint])
  }

  /** Power back on: unmount the dead file system and mount it again, which replays its journal. */
  remount(): void {
    if (this.mounted) run('umount', [this.mountPoint])
    this.mounted = false
    this.mount()
  }

  /**
   * Writes a file that takes every block left but `leaveBytes` (rounded to blocks): the disk is then full, and
   * the next write needing more room than that fails with ENOSPC.
   */
  async fill(leaveBytes = 0): Promise<void> {
    await writeFile(this.filler, Buffer.alloc(0))
    // Bigger than the disk, in pieces: the write stops with ENOSPC once every block is taken.
    const piece = Buffer.alloc(1 << 20)
    try {
      for (;;) await appendFile(this.filler, piece)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
    }
    if (leaveBytes > 0) await truncate(this.filler, Math.max(0, (await stat(this.filler)).size - leaveBytes))
    this.flush()
  }

  /** Removes that file again: there is room once more. */
  async free(): Promise<void> {
    await rm(this.filler, { force: true })
    this.flush()
  }

  private get filler(): string {
    return path.join(this.mountPoint, 'filler')
  }

  /** Unmounts (lazily if something still holds it), detaches the loop device and removes the image. */
  async dispose(): Promise<void> {
    if (this.mounted) {
      if (spawnSync('umount', [this.mountPoint]).status !== 0) spawnSync('umount', ['-l', this.mountPoint])
      this.mounted = false
    }
    if (this.device) spawnSync('losetup', ['-d', this.device])
    this.device = null
    await rm(this.root, { recursive: true, force: true })
  }
}

/**
 * Why a loop-mounted disk cannot be made here, or null when it can: Linux, root (loop devices and mounts),
 * mkfs.ext4, and a loop device that really mounts (not in every container).
 */
export const loopDiskUnavailable: string | null = await (async () => {
  if (process.platform !== 'linux') return 'loop-mounted disks need Linux'
  if (process.getuid?.() !== 0) return 'not root: loop devices and mounts need root'
  if (spawnSync('mkfs.ext4', ['-V']).error) return 'mkfs.ext4 is not installed (apt-get install e2fsprogs)'
  try {
    await (await LoopDisk.create(16)).dispose()
    return null
  } catch (error) {
    return `no loop device can be mounted here (${(error as Error).message})`
  }
})()
