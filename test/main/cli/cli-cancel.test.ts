import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { hexOf, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { BIN, jsonOf, runCli } from './run-cli.ts'

const HISTORY_HEX = hexOf('_migration_history')
const withoutHistory = (snapshot: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== HISTORY_HEX && !key.startsWith(hexOf('_admin:'))))

describe('meridian-admin and Ctrl-C', () => {
  const temp = useTempStores()

  it('cancels a migration on SIGINT: the store is put back, history says cancelled, exit 1', async () => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '40000', '--version', '1'])).code).toBe(0)
    const before = await snapshotDir(dir)

    // Fault tracing names each point as it is reached (nothing is injected): Ctrl-C once the pass wrote its first batch.
    const env = { ...process.env, MERIDIAN_ENABLE_FAULTS: '1', MERIDIAN_FAULT_TRACE: '1' }
    const child = spawn(process.execPath, [BIN, 'migrate', dir, '--json'], { stdio: ['pipe', 'pipe', 'pipe'], env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (/fault-point \d+ batch\.after/.test(stderr) && !child.killed) child.kill('SIGINT')
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))

    expect(code, stderr).toBe(1)
    expect(jsonOf<{ error: { code: string } }>({ code: 1, stdout, stderr }).error.code).toBe('CANCELLED')
    expect(withoutHistory(await snapshotDir(dir))).toEqual(withoutHistory(before))
    const history = jsonOf<Array<{ status?: string }>>(await runCli(['history', dir, '--json']))
    expect(history.at(-1)?.status).toBe('cancelled')
  })
})

describe('meridian-admin and a Ctrl-C after the commit', () => {
  const temp = useTempStores()

  // Three moments past the last point a cancel can stop: the commit being written (the cancel is said, then that it
  // came too late), the commit just on disk, and the result printed while the store closes (both: "already ended").
  // At each the process holds for a second once it has traced the point, so the signal lands there even on a loaded
  // machine (without it, CI sent it twice as the process was already exiting, which no handler can answer).
  it.each([
    {
      moment: 'the commit is being written',
      reached: (_stdout: string, stderr: string) => /fault-point \d+ commit\.before/.test(stderr),
      hold: { MERIDIAN_FAULT_HOLD: 'commit.before:1000' },
      says: 'The Ctrl-C came too late to stop it'
    },
    {
      moment: 'the commit is on disk',
      reached: (_stdout: string, stderr: string) => /fault-point \d+ commit\.after/.test(stderr),
      hold: { MERIDIAN_FAULT_HOLD: 'commit.after:1000' },
      says: 'The operation has already ended'
    },
    {
      moment: 'the result is being printed',
      reached: (stdout: string) => stdout.length > 0,
      hold: { MERIDIAN_FAULT_HOLD: 'cli.result.written:1000' },
      says: 'The operation has already ended'
    }
  ])('ends 0 with the result when $moment, and the store stays migrated: nothing is undone', async ({ reached, hold, says }) => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '2000', '--version', '1'])).code).toBe(0)

    const env = { ...process.env, NO_COLOR: '1', MERIDIAN_ENABLE_FAULTS: '1', MERIDIAN_FAULT_TRACE: '1', ...hold }
    const child = spawn(process.execPath, [BIN, 'migrate', dir, '--json'], { stdio: ['pipe', 'pipe', 'pipe'], env })
    let stdout = ''
    let stderr = ''
    const interruptOnce = (): void => {
      if (reached(stdout, stderr) && !child.killed) child.kill('SIGINT')
    }
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      interruptOnce()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      interruptOnce()
    })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...ended) => resolve(ended)))

    expect(child.killed).toBe(true)
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null })
    expect(stderr, 'what the Ctrl-C was answered with').toContain(says)
    const result = jsonOf<{ status: string; to: number }>({ code: 0, stdout, stderr })
    expect(result.status).toBe('migrated')
    const status = jsonOf<{ currentVersion: number; upToDate: boolean }>(await runCli(['status', dir, '--json']))
    expect(status).toMatchObject({ currentVersion: result.to, upToDate: true })
    const history = jsonOf<Array<{ status?: string }>>(await runCli(['history', dir, '--json']))
    expect(history.at(-1)?.status).toBe('success')
  })
})

describe('meridian-admin and a Ctrl-C while it recovers what a killed run left', () => {
  const temp = useTempStores()

  it('finishes the recovery (saying so), then runs the command: the first Ctrl-C does not abandon it half-way', async () => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '2000', '--version', '1'])).code).toBe(0)
    // Killed just before its commit: every task rewritten, the note still there, so the next start must revert.
    const killer = spawn(process.execPath, [BIN, 'migrate', dir, '--json'], {
      stdio: 'ignore',
      env: { ...process.env, MERIDIAN_ENABLE_FAULTS: '1', MERIDIAN_FAULT_AT: 'commit.before' }
    })
    expect(await new Promise((resolve) => killer.on('close', (_code, signal) => resolve(signal)))).toBe('SIGKILL')

    const env = { ...process.env, NO_COLOR: '1', MERIDIAN_ENABLE_FAULTS: '1', MERIDIAN_FAULT_TRACE: '1' }
    const child = spawn(process.execPath, [BIN, 'migrate', dir, '--json'], { stdio: ['pipe', 'pipe', 'pipe'], env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    // The recovery swaps the checkpoint back in: interrupted as it copies the checkpoint's first file.
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (/fault-point \d+ store-copy\.file/.test(stderr) && !child.killed) child.kill('SIGINT')
    })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...ended) => resolve(ended)))

    expect(child.killed).toBe(true)
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null })
    expect(stderr).toContain('finishing it first')
    expect(stderr).toContain('⚠ Recovered')
    expect(jsonOf<{ status: string }>({ code: 0, stdout, stderr }).status).toBe('migrated')
  })
})
