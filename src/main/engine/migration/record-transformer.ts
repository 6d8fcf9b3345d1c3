import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import { MeridianError } from '../../../shared/errors.ts'
import { EventLoopYielder } from '../support/event-loop-yield.ts'
import { migrateBatch, type BatchOutcome, type PassOutcome } from './pass-outcome.ts'
import { RecordMigrator, type FieldTallies } from './record-migrator.ts'
import type { MigrationRegistry } from './registry.ts'

export interface TransformRequest {
  seq: number
  prefix: string
  target: number
  direction: 1 | -1
  entries: PackedBytes
}
/** Outcomes whose new values travel packed (`values`), each migrated outcome's `value` empty until unpacked. */
export type TransformReply = { seq: number; outcomes: PassOutcome[]; fields: FieldTallies; values: PackedBytes } | { seq: number; error: string }

/**
 * Many byte strings in one transferable buffer. Posting a Buffer clones its whole backing store, which for
 * LevelDB's and Buffer.from's pooled slices is far more than the record; one packed buffer moves without a copy.
 */
export interface PackedBytes {
  data: ArrayBuffer
  /** End offset of each part in `data`. */
  ends: Uint32Array
}

export function packBytes(parts: readonly Uint8Array[]): PackedBytes {
  let total = 0
  for (const part of parts) total += part.byteLength
  const data = new Uint8Array(new ArrayBuffer(total))
  const ends = new Uint32Array(parts.length)
  let at = 0
  parts.forEach((part, i) => {
    data.set(part, at)
    at += part.byteLength
    ends[i] = at
  })
  return { data: data.buffer, ends }
}

export function unpackBytes({ data, ends }: PackedBytes): Buffer[] {
  const parts: Buffer[] = []
  let start = 0
  for (const end of ends) {
    parts.push(Buffer.from(data, start, end - start))
    start = end
  }
  return parts
}

/** Turns batches of one prefix's records into outcomes, in the order asked; `close` when the pass ends. */
export interface BatchTransformer {
  readonly where: 'worker thread' | 'main thread'
  /** How many batches it can work on at once: the pass keeps that many in flight. */
  readonly parallelism: number
  transform(prefix: string, batch: Array<[Buffer, Buffer]>): Promise<BatchOutcome>
  close(): Promise<void>
}

/**
 * Below this many records a pass stays on the main thread: starting a worker (and, from TypeScript sources,
 * compiling the engine in it) costs more than it saves.
 */
export const WORKER_MIN_RECORDS = 20_000

/** Worker threads per pass, unless the caller's TransformSettings say otherwise. */
const WORKER_THREADS = 2

/** A worker's young generation; Node's default (~48 MB per thread) would add that much RSS per worker for no speed. */
const WORKER_YOUNG_GENERATION_MB = 4

/** Where a pass's records are transformed; left out, the defaults above decide by the record count. */
export interface TransformSettings {
  /** Worker threads for a large pass (default WORKER_THREADS); 0 keeps every pass on the main thread. */
  workers?: number
  /** Passes of at least this many records go to the workers (default WORKER_MIN_RECORDS); 0 sends every pass there. */
  workerMinRecords?: number
  /** Each worker's young generation in MB (default 4). */
  youngGenerationMb?: number
}

export interface TransformerOptions {
  registry: MigrationRegistry
  target: number
  direction: 1 | -1
  /** Records the pass will visit (estimated), for the choice of thread. */
  records: number
  transform?: TransformSettings
}

/** A setting as the caller gave it, or its default; INVALID_INPUT unless a whole number of at least `least`. */
function wholeSetting(value: number | undefined, fallback: number, name: string, least: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < least) {
    throw new MeridianError('INVALID_INPUT', `Transform setting ${name} must be a whole number of at least ${least}, got ${String(value)}`)
  }
  return value
}

/**
 * A worker thread when the pass is large and the registry can be rebuilt there (the default one); the main
 * thread otherwise, or when the worker cannot start (a bundle without the worker file): same results either way.
 */
export function createTransformer(options: TransformerOptions): BatchTransformer {
  const settings = options.transform ?? {}
  const threads = wholeSetting(settings.workers, WORKER_THREADS, 'workers', 0)
  const minRecords = wholeSetting(settings.workerMinRecords, WORKER_MIN_RECORDS, 'workerMinRecords', 0)
  const limits = { maxYoungGenerationSizeMb: wholeSetting(settings.youngGenerationMb, WORKER_YOUNG_GENERATION_MB, 'youngGenerationMb', 1) }
  if (threads > 0 && options.records >= minRecords && options.registry.rebuildableInWorker) {
    const workers: Worker[] = []
    for (let i = 0; i < threads; i++) {
      const worker = startWorker(limits)
      if (worker) workers.push(worker)
    }
    if (workers.length > 0) return new WorkerTransformer(workers, options)
  }
  return new MainThreadTransformer(options)
}

class MainThreadTransformer implements BatchTransformer {
  readonly where = 'main thread'
  readonly parallelism = 1
  private readonly migrators = new Map<string, RecordMigrator>()
  private readonly yielder = new EventLoopYielder()

  constructor(private readonly options: TransformerOptions) {}

  async transform(prefix: string, batch: Array<[Buffer, Buffer]>): Promise<BatchOutcome> {
    let migrator = this.migrators.get(prefix)
    if (!migrator) {
      migrator = new RecordMigrator(this.options.registry, prefix, this.options.target, this.options.direction)
      this.migrators.set(prefix, migrator)
    }
    // In slices, so the event loop gets a turn every few ms even when a batch takes far longer.
    const outcomes: PassOutcome[] = []
    for (let at = 0; at < batch.length; at += 100) {
      await this.yielder.maybeYield()
      outcomes.push(...migrateBatch(migrator, batch.slice(at, at + 100)))
    }
    return { outcomes, fields: migrator.drainFieldTallies() }
  }

  async close(): Promise<void> {}
}

class WorkerTransformer implements BatchTransformer {
  readonly where = 'worker thread'
  private seq = 0
  private readonly waiting = new Map<number, { resolve: (outcome: BatchOutcome) => void; reject: (error: Error) => void }>()
  private failure: Error | null = null

  constructor(
    private readonly workers: Worker[],
    private readonly options: TransformerOptions
  ) {
    for (const worker of workers) {
      worker.on('message', (reply: TransformReply) => this.settle(reply))
      worker.on('error', (error) => this.fail(error))
      worker.on('exit', (code) => {
        if (this.waiting.size > 0) this.fail(new Error(`it exited with code ${code}`))
      })
    }
  }

  get parallelism(): number {
    return this.workers.length
  }

  transform(prefix: string, batch: Array<[Buffer, Buffer]>): Promise<BatchOutcome> {
    if (this.failure) return Promise.reject(this.failure)
    const seq = ++this.seq
    const reply = new Promise<BatchOutcome>((resolve, reject) => this.waiting.set(seq, { resolve, reject }))
    const entries = packBytes(batch.flat())
    const request: TransformRequest = { seq, prefix, target: this.options.target, direction: this.options.direction, entries }
    ;(this.workers[seq % this.workers.length] as Worker).postMessage(request, [entries.data])
    return reply
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  private settle(reply: TransformReply): void {
    const waiter = this.waiting.get(reply.seq)
    if (!waiter) return
    this.waiting.delete(reply.seq)
    if ('error' in reply) {
      waiter.reject(new MeridianError('INTERNAL', `The migration worker failed: ${reply.error}`))
      return
    }
    const values = unpackBytes(reply.values)
    let next = 0
    for (const outcome of reply.outcomes) if (outcome.kind === 'migrated') outcome.value = values[next++] as Buffer
    waiter.resolve({ outcomes: reply.outcomes, fields: reply.fields })
  }

  private fail(error: Error): void {
    this.failure ??= new MeridianError('INTERNAL', `The migration worker stopped: ${error.message}`, { cause: error })
    for (const waiter of this.waiting.values()) waiter.reject(this.failure)
    this.waiting.clear()
  }
}

/**
 * The worker next to this file. From TypeScript sources (the CLI, the web host and tests run them through tsx)
 * the thread first registers tsx's loader itself: `--import` in a worker's execArgv does not reach its entry file.
 */
function startWorker(limits: ResourceLimits): Worker | null {
  const fromSource = import.meta.url.endsWith('.ts')
  const file = new URL(`./transform-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url)
  if (file.protocol !== 'file:' || !existsSync(fileURLToPath(file))) return null
  try {
    if (!fromSource) return new Worker(file, { resourceLimits: limits })
    // Node 20 does not run ESM loader hooks in worker threads, so the thread loads the TypeScript through tsx's
    // require hook (CommonJS), which works on any thread.
    const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs/api')
    const boot = `require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(fileURLToPath(file))})`
    return new Worker(boot, { eval: true, resourceLimits: limits })
  } catch {
    return null
  }
}
