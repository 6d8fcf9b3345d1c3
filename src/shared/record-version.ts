import { z } from 'zod'

/**
 * The one rule for a record's own version, used by the browser, the counts, the migrator and the contract alike:
 * a whole number from 1 that a JavaScript number holds exactly (`2.5`, `0`, `-1`, `"2"`, `1e300` are no version).
 */
export const recordVersionSchema = z.number().int().min(1)

/** Whether `value` is a version by that rule; a plain check, as the migrator asks it once per record. */
export function isRecordVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
}

/** A record's version: its `schema_version`, 1 when absent (Meridian's v1), null when that is no version. */
export function recordVersion(record: { readonly schema_version?: unknown }): number | null {
  const version = record.schema_version
  if (version === undefined) return 1
  return isRecordVersion(version) ? version : null
}
