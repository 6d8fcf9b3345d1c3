import { createHash } from 'node:crypto'
import { encodeFrames } from '../src/main/engine/backup/file/backup-format.ts'
import { RecordMigrator } from '../src/main/engine/migration/record-migrator.ts'
import { taskV1Schema } from '../src/main/engine/schemas/task-v1.ts'
import { taskV2Schema } from '../src/main/engine/schemas/task-v2.ts'
import { taskV1ToV2 } from '../src/main/engine/migrations/task-v1-to-v2.ts'
import { exampleSetRegistry, taskV2ToV3, taskV3Schema } from '../test/helpers/example-set.ts'
import { compileSchemaPredicate, type SchemaPredicate } from '../src/main/engine/migration/predicate/schema-predicate.ts'
import { bestOf } from './sample.ts'

/** Microseconds per record for each piece of a migration pass, measured on a sample of real v1 tasks. */
export type RecordCosts = Record<string, number>

/**
 * Splits the per-record CPU of the fused v1 → v3 chain into its parts, on `entries` (task records): JSON.parse,
 * the zod checks (v1, v2, v3) and the predicates compiled from them that the engine runs first, JSON.stringify,
 * the whole RecordMigrator.migrate, and what the backup adds per record (frame encoding, SHA-256). Each part is timed alone over the whole sample (best of 3,
 * warm and cache-hot: a floor; the in-pass cost per record is in the migrate/dry-run phase times).
 */
export function measureRecordCosts(entries: Array<[Buffer, Buffer]>): RecordCosts {
  const n = entries.length
  const texts = entries.map(([, value]) => value.toString('utf8'))
  const parsed = texts.map((text) => JSON.parse(text) as Record<string, unknown>)
  const v2 = parsed.map((task, i) => taskV1ToV2.migrateItem(`k${i}`, task))
  const v3 = v2.map((task, i) => taskV2ToV3.migrateItem(`k${i}`, task))
  const migrator = new RecordMigrator(exampleSetRegistry(), 'task:', 3, 1)
  const perRecord = (seconds: number): number => Math.round((seconds / n) * 1e6 * 100) / 100
  const sink: unknown[] = []
  const compiled = (schema: Parameters<typeof compileSchemaPredicate>[0]): SchemaPredicate => {
    const holds = compileSchemaPredicate(schema)
    if (!holds) throw new Error('bench: a task schema no longer compiles to a predicate')
    return holds
  }
  const [holdsV1, holdsV2, holdsV3] = [compiled(taskV1Schema), compiled(taskV2Schema), compiled(taskV3Schema)]
  const costs: RecordCosts = {
    'utf8 decode + JSON.parse': perRecord(
      bestOf(3, () => {
        for (const t of texts) sink[0] = JSON.parse(t)
      })
    ),
    'zod v1 check': perRecord(
      bestOf(3, () => {
        for (const t of parsed) sink[0] = taskV1Schema.safeParse(t)
      })
    ),
    'zod v2 check': perRecord(
      bestOf(3, () => {
        for (const t of v2) sink[0] = taskV2Schema.safeParse(t)
      })
    ),
    'zod v3 check': perRecord(
      bestOf(3, () => {
        for (const t of v3) sink[0] = taskV3Schema.safeParse(t)
      })
    ),
    'compiled v1 + v2 + v3 predicates': perRecord(
      bestOf(3, () => {
        for (let i = 0; i < n; i++) sink[0] = holdsV1(parsed[i]) && holdsV2(v2[i]) && holdsV3(v3[i])
      })
    ),
    'JSON.stringify + Buffer.from (v3)': perRecord(
      bestOf(3, () => {
        for (const t of v3) sink[0] = Buffer.from(JSON.stringify(t), 'utf8')
      })
    ),
    'full RecordMigrator.migrate v1→v3': perRecord(
      bestOf(3, () => {
        for (const [k, v] of entries) sink[0] = migrator.migrate(k.toString('utf8'), v)
      })
    ),
    'backup: encodeFrames': perRecord(
      bestOf(3, () => {
        for (let i = 0; i < n; i += 1000) sink[0] = encodeFrames(entries.slice(i, i + 1000))
      })
    ),
    'backup: sha256 of raw frames (upper bound; engine hashes the compressed output)': perRecord(
      bestOf(3, () => {
        const hash = createHash('sha256')
        for (let i = 0; i < n; i += 1000) hash.update(encodeFrames(entries.slice(i, i + 1000)))
        sink[0] = hash.digest()
      })
    )
  }
  // The fused chain checks each shape once: v1 in, v2 out (reused as v2→v3's input check), v3 out.
  const zod = costs['zod v1 check']! + costs['zod v2 check']! + costs['zod v3 check']!
  costs['zod, the three checks of the fused chain (only for a record a predicate rejects)'] = Math.round(zod * 100) / 100
  return costs
}
