import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { cliEntry } from './cli-entry.ts'

// bin/meridian-admin.js, compiled once per test run when the tier builds it.
const BIN = cliEntry()

/** Runs a system command; throws with its stderr when it fails. */
function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.status}`}`)
  return result.stdout.trim()
}

const installed = (command: string, args: readonly string[]): boolean => !spawnSync(command, args).error

/**
 * A small ext4 file system in an image file, on a loop device, mounted in a temp folder: the disk a power cut
 * is simulated on. `cut()` shuts it down the way xfstests do (`xfs_io -x -c shutdown`, no -f): from then on
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
 * Why power cuts cannot be simulated here, or null when they can: Linux, root (loop devices and mounts), xfs_io
 * (xfsprogs) and mkfs.ext4, and a loop device that really mounts (not in every container).
 */
export const powerCutUnavailable: string | null = await (async () => {
  if (process.platform !== 'linux') return 'power cuts are simulated with Linux loop devices'
  if (process.getuid?.() !== 0) return 'not root: loop devices and mounts need root'
  if (!installed('xfs_io', ['-V'])) return 'xfs_io is not installed (apt-get install xfsprogs)'
  if (!installed('mkfs.ext4', ['-V'])) return 'mkfs.ext4 is not installed (apt-get install e2fsprogs)'
  try {
    await (await LoopDisk.create(16)).dispose()
    return null
  } catch (error) {
    return `no loop device can be mounted here (${(error as Error).message})`
  }
})()

export interface CutRun {
  /** Whether the power was cut while the CLI ran (false: it finished first). */
  cut: boolean
  output: string
  ms: number
}

export interface CutPlan {
  /** Cut as soon as the CLI's output (stdout and stderr) matches. */
  at?: RegExp
  /** Or cut this long after the start. */
  afterMs?: number
  /** Send SIGINT (Ctrl-C) once the output matches, e.g. to cancel a migration midway. */
  interruptAt?: RegExp
}

/**
 * Runs the real CLI in a child process and cuts the power under it as planned, then kills it (a machine that
 * lost power runs nothing more). The caller remounts the disk.
 */
export function runAndCut(disk: LoopDisk, args: readonly string[], plan: CutPlan): Promise<CutRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let cut = false
    let interrupted = false
    const cutNow = (): void => {
      if (cut || child.exitCode !== null || child.signalCode !== null) return
      cut = true
      try {
        disk.cut()
      } catch (error) {
        reject(error as Error)
      } finally {
        child.kill('SIGKILL')
      }
    }
    const onOutput = (chunk: Buffer): void => {
      output += chunk.toString()
      if (plan.interruptAt && !interrupted && plan.interruptAt.test(output)) {
        interrupted = true
        child.kill('SIGINT')
      }
      if (plan.at?.test(output)) cutNow()
    }
    child.stdout.on('data', onOutput)
    child.stderr.on('data', onOutput)
    const timer = plan.afterMs === undefined ? undefined : setTimeout(cutNow, plan.afterMs)
    child.on('error', reject)
    child.on('close', () => {
      clearTimeout(timer)
      resolve({ cut, output, ms: performance.now() - started })
    })
  })
}
