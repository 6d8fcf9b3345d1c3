import type { ProgressReporter } from './progress-reporter.ts'

/** Exit status when a second Ctrl-C forces the process down (128 + SIGINT). */
const FORCED_EXIT = 130

/** What a Ctrl-C does at this moment; null when no work claims it (the process then ends by the signal). */
type InterruptAction = () => void

let current: InterruptAction | null = null
let listening = false

/**
 * One SIGINT listener for the process, and a current action it runs. Switching what a press does never removes and
 * adds listeners: a signal that arrives between the two is dropped by the runtime, so a press at that moment would
 * go unanswered (seen at a migration's commit, where the cancel gives way to "already ended").
 */
function interruptsDo(action: InterruptAction | null): void {
  current = action
  if (listening) return
  listening = true
  process.on('SIGINT', onSigint)
}

function onSigint(): void {
  if (current) return current()
  // No work claims the press: end by the signal, as any process would.
  process.off('SIGINT', onSigint)
  listening = false
  process.kill(process.pid, 'SIGINT')
}

/**
 * Runs a long operation that Ctrl-C cancels: the first SIGINT aborts the signal (the engine puts the store back
 * and throws CANCELLED), a second one quits at once (every operation survives being killed). Once `work` reports
 * its commit (`onCommitted`, for the engine's option of that name), Ctrl-C says the operation has ended instead:
 * nothing is put back any more. A cancel that came too late to stop the work is said once the work is done.
 */
export async function withCancellation<T>(
  reporter: ProgressReporter,
  work: (signal: AbortSignal, onCommitted: () => void) => Promise<T>,
  /** What the first Ctrl-C says; a read says it stops, not that it puts the store back. */
  cancelling = 'Cancelling: putting the store back as it was'
): Promise<T> {
  const controller = new AbortController()
  interruptsDo(() => {
    if (controller.signal.aborted) {
      reporter.log('Interrupted again: quitting now.')
      process.exit(FORCED_EXIT)
    }
    reporter.log(`${cancelling} (press Ctrl-C again to quit at once)…`)
    controller.abort()
  })
  try {
    const result = await work(controller.signal, keepFinishingOnInterrupt)
    if (controller.signal.aborted) reporter.log('The Ctrl-C came too late to stop it: it had already finished (nothing was put back).')
    return result
  } finally {
    keepFinishingOnInterrupt()
    reporter.stop()
  }
}

/**
 * Runs `work`, which must not be abandoned half-way by a first Ctrl-C (a recovery: it survives a kill, but the next
 * start would have to do it again): the first press says so, a second quits at once. Afterwards a press does what
 * it did before.
 */
export async function whileInterruptsWait<T>(what: string, work: () => Promise<T>): Promise<T> {
  const before = current
  interruptsDo(finishingOnInterrupt(`${what}: finishing it first (press Ctrl-C again to quit at once; the next start finishes it then)…`))
  try {
    return await work()
  } finally {
    interruptsDo(before)
  }
}

let finishing: InterruptAction | null = null

/**
 * Once an operation has ended (committed, or put back) Ctrl-C no longer kills the process by the signal: the store
 * is consistent either way, and the person must see how it ended, not a silent death that reads as a crash. The
 * first press says so; a second quits at once. It stays so: the process exits when the command returns.
 */
function keepFinishingOnInterrupt(): void {
  finishing ??= finishingOnInterrupt('The operation has already ended: finishing (press Ctrl-C again to quit at once)…')
  interruptsDo(finishing)
}

/** An action for work that goes on: the first press prints `message`, a second quits at once. */
function finishingOnInterrupt(message: string): InterruptAction {
  let pressed = false
  return () => {
    if (pressed) process.exit(FORCED_EXIT)
    pressed = true
    process.stderr.write(`${message}\n`)
  }
}
