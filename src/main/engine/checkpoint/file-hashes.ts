import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { MeridianError } from '../../../shared/errors.ts'

/**
 * The SHA-256 of a file, read and hashed in a worker thread. Inline (CommonJS, as eval workers run) so the engine
 * needs no extra file in its package: the same code runs from the sources, the compiled lib and the app bundle.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { createReadStream } = require('node:fs')
parentPort.on('message', async ({ index, file }) => {
  try {
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk)
    parentPort.postMessage({ index, sha256: hash.digest('hex') })
  } catch (error) {
    parentPort.postMessage({ index, error: String((error && error.message) || error) })
  }
})
`

type HashReply = { index: number; sha256: string } | { index: number; error: string }

/** At most this many hashing threads: one per core, two at most (the pass, when there is one, needs the rest). */
const MAX_WORKERS = 2

/**
 * The SHA-256 of each file, in order, hashed off the main thread by a small pool of worker threads: on this
 * machine's two cores, 450 MB of a 1M-task store's checkpoint in about half the time one thread takes, without
 * holding the event loop (the hashing a migration runs beside its pass, or a restore's check). `onFile` is told
 * each file's index as it is done. A file that cannot be read rejects (its message); an abort terminates the
 * threads and rejects with CANCELLED.
 */
export async function sha256OfFiles(files: readonly string[], options: { signal?: AbortSignal; onFile?: (index: number) => void } = {}): Promise<string[]> {
  if (files.length === 0) return []
  const count = Math.max(1, Math.min(MAX_WORKERS, availableParallelism(), files.length))
  const workers = Array.from({ length: count }, () => new Worker(WORKER_SOURCE, { eval: true }))
  const results: string[] = new Array<string>(files.length)
  let next = 0
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0
      const abort = (): void => reject(new MeridianError('CANCELLED', 'Hashing the checkpoint was cancelled'))
      if (options.signal?.aborted) return abort()
      options.signal?.addEventListener('abort', abort, { once: true })
      const feed = (worker: Worker): void => {
        if (next >= files.length) return
        const index = next++
        worker.postMessage({ index, file: files[index] })
      }
      for (const worker of workers) {
        worker.on('message', (reply: HashReply) => {
          if ('error' in reply) return reject(new Error(reply.error))
          results[reply.index] = reply.sha256
          options.onFile?.(reply.index)
          if (++done === files.length) return resolve()
          feed(worker)
        })
        worker.on('error', reject)
        feed(worker)
      }
    })
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return results
}
