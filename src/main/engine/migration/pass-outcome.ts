import { MeridianError } from '../../../shared/errors.ts'
import { migrationKey } from './migration-key.ts'
import type { FieldTallies, RecordMigrator } from './record-migrator.ts'

/**
 * What became of one record in a migration pass, in a form that can cross to and from a worker thread: plain
 * data, the new value as bytes, the migrations applied named by `migrationKey`.
 */
export type PassOutcome =
  | { kind: 'unchanged' }
  | {
      kind: 'migrated'
      value: Uint8Array
      applied: string[]
      loses: string[]
      /** Set on the first record a batch migrates: the dry run's sample. */
      sample?: { before: unknown; after: unknown }
    }
  | { kind: 'failed'; code: MeridianError['code']; message: string }

export { migrationKey }

/** One batch's outcomes, in order, and the field fates its records had (see RecordMigrator.drainFieldTallies). */
export interface BatchOutcome {
  outcomes: PassOutcome[]
  fields: FieldTallies
}

/**
 * Runs one batch of one prefix through `migrator`. A record that fails with a MeridianError becomes a `failed`
 * outcome (the pass decides whether that stops it); any other error is a bug and is thrown.
 */
export function migrateBatch(migrator: RecordMigrator, batch: ReadonlyArray<readonly [Uint8Array, Uint8Array]>): PassOutcome[] {
  const outcomes: PassOutcome[] = []
  let sampled = false
  for (const [keyBytes, value] of batch) {
    const key = Buffer.from(keyBytes.buffer, keyBytes.byteOffset, keyBytes.byteLength).toString('utf8')
    try {
      const outcome = migrator.migrate(key, Buffer.from(value.buffer, value.byteOffset, value.byteLength))
      if (outcome.kind === 'unchanged') {
        outcomes.push(outcome)
        continue
      }
      outcomes.push({
        kind: 'migrated',
        value: outcome.value,
        applied: outcome.applied.map(migrationKey),
        loses: outcome.loses,
        ...(sampled ? {} : { sample: { before: outcome.before, after: outcome.after } })
      })
      sampled = true
    } catch (error) {
      if (!(error instanceof MeridianError)) throw error
      outcomes.push({ kind: 'failed', code: error.code, message: error.message })
    }
  }
  return outcomes
}
