import { spawn, spawnSync } from 'node:child_process'
import { cliEntry } from './cli-entry.ts'
import { LoopDisk, loopDiskUnavailable } from './loop-disk.ts'

export { LoopDisk }

// bin/meridian-admin.js, compiled once per test run when the tier builds it.
const BIN = cliEntry()

const installed = (command: string, args: readonly string[]): boolean => !spawnSync(command, args).error

/** Why power cuts cannot be simulated here, or null when they can: a loop-mounted disk (see loop-disk.ts) and xfs_io (xfsprogs). */
export const powerCutUnavailable: string | null = (() => {
  if (loopDiskUnavailable !== null) return loopDiskUnavailable
  if (!installed('xfs_io', ['-V'])) return 'xfs_io is not installed (apt-get install xfsprogs)'
  return null
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
  /** More environment for the CLI (fault tracing, so `interruptAt` can match a point of the run). */
  env?: Record<string, string>
}

/**
 * Runs the real CLI in a child process and cuts the power under it as planned, then kills it (a machine that
 * lost power runs nothing more). The caller remounts the disk.
 */
export function runAndCut(disk: LoopDisk, args: readonly string[], plan: CutPlan): Promise<CutRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...plan.env }, stdio: ['ignore', 'pipe', 'pipe'] })
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
