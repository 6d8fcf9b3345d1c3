import { parentPort } from 'node:worker_threads'
import { createDefaultRegistry } from '../migrations/index.ts'
import { RecordMigrator } from './record-migrator.ts'
import { migrateBatch } from './pass-outcome.ts'
import { packBytes, unpackBytes, type TransformReply, type TransformRequest } from './record-transformer.ts'

const EMPTY = new Uint8Array(0)

/**
 * The worker thread of a migration pass: parses, checks and transforms batches of records the main thread reads,
 * so that work runs on the second core while the main thread does the store's reads and writes. Migrations are
 * code and cannot be sent to a thread: it builds the default registry, the only one the main thread sends here.
 */
const port = parentPort
if (!port) throw new Error('transform-worker.ts runs as a worker thread only')

// The main thread only uses a worker for the default registry (registry.rebuildableInWorker), so this is the same one.
const registry = createDefaultRegistry()
const migrators = new Map<string, RecordMigrator>()

/** One batch's outcomes, their new values packed into one transferable buffer; a bug comes back as `error`. */
function reply(request: TransformRequest): TransformReply {
  try {
    const id = `${request.prefix}|${request.target}|${request.direction}`
    let migrator = migrators.get(id)
    if (!migrator) {
      migrator = new RecordMigrator(registry, request.prefix, request.target, request.direction)
      migrators.set(id, migrator)
    }
    const flat = unpackBytes(request.entries)
    const entries: Array<[Buffer, Buffer]> = []
    for (let i = 0; i < flat.length; i += 2) entries.push([flat[i] as Buffer, flat[i + 1] as Buffer])
    const outcomes = migrateBatch(migrator, entries)
    const values: Uint8Array[] = []
    for (const outcome of outcomes) {
      if (outcome.kind !== 'migrated') continue
      values.push(outcome.value)
      outcome.value = EMPTY // travels packed
    }
    return { seq: request.seq, outcomes, fields: migrator.drainFieldTallies(), values: packBytes(values) }
  } catch (error) {
    return { seq: request.seq, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
}

port.on('message', (request: TransformRequest) => {
  const answer = reply(request)
  port.postMessage(answer, 'values' in answer ? [answer.values.data] : [])
})
