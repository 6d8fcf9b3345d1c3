import { writeSync } from 'node:fs'

/**
 * Fault injection for the crash-safety tests. Inert unless MERIDIAN_ENABLE_FAULTS=1 is set in the environment,
 * which nothing but the test harness sets; then:
 * - MERIDIAN_FAULT_AT=<n|name>: SIGKILL this process at the n-th fault point reached, or the first named one;
 * - MERIDIAN_FAULT_IO_AT=<n>: the n-th write (file or store) fails as a full disk would (ENOSPC);
 * - MERIDIAN_FAULT_TRACE=1: print every point reached to stderr, numbered, so a harness can count them;
 * - MERIDIAN_FAULT_HOLD=<name>:<ms>: stop this process's thread for ms at the first point so named, after tracing
 *   it, so a signal the harness sends on seeing it arrives at that very moment (not once the process has gone on,
 *   or is already exiting, which a loaded machine otherwise makes a race).
 * Points are read from the environment once, at load, so a running process cannot be switched into this mode.
 * The environment rather than an option on purpose: the crash tests kill a real CLI in a child process, and the
 * points sit deep in store and backup code below every host, which no production caller should thread a test
 * switch through.
 */
const enabled = process.env.MERIDIAN_ENABLE_FAULTS === '1'
const killAt = enabled ? process.env.MERIDIAN_FAULT_AT : undefined
const ioFailAt = enabled ? Number(process.env.MERIDIAN_FAULT_IO_AT ?? Number.NaN) : Number.NaN
const trace = enabled && process.env.MERIDIAN_FAULT_TRACE === '1'
const hold = enabled ? /^(.+):(\d+)$/.exec(process.env.MERIDIAN_FAULT_HOLD ?? '') : null
let held = false

let points = 0
let writes = 0

/** A moment where dying must be survivable: before or after a batch, a sync, a rename. */
export function faultPoint(name: string): void {
  if (!enabled) return
  points++
  if (trace) writeSync(2, `fault-point ${points} ${name}\n`)
  if (killAt === String(points) || killAt === name) process.kill(process.pid, 'SIGKILL')
  if (hold && !held && hold[1] === name) {
    held = true
    // A synchronous wait: the signal's handler runs once the thread goes on, exactly as if it had come at this point.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(hold[2]))
  }
}

/** Called before each write the tool makes; throws the injected I/O error on the chosen one. */
export function faultBeforeWrite(what: string): void {
  if (!enabled) return
  writes++
  if (writes === ioFailAt) {
    const error = new Error(`ENOSPC: no space left on device, write (injected fault at ${what})`) as NodeJS.ErrnoException
    error.code = 'ENOSPC'
    throw error
  }
}
