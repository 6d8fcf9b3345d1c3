import { z } from 'zod'
import { recordVersionSchema } from './record-version.ts'

/** One reason a record fails: where in the value (a field path, empty for the whole record) and what is wrong. */
export const recordProblemSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string()
})
export type RecordProblem = z.infer<typeof recordProblemSchema>

/**
 * What a record's check found. `valid`: it holds for its version's schema and migrates to the target version;
 * `invalid`: it does not (`problems` say why); `unchecked`: no migration knows its key prefix or its version,
 * so there is no schema to hold it to.
 */
export const recordCheckStatusSchema = z.enum(['valid', 'invalid', 'unchecked'])
export type RecordCheckStatus = z.infer<typeof recordCheckStatusSchema>

export const recordCheckSchema = z.object({
  key: z.string(),
  status: recordCheckStatusSchema,
  /** The record's own version; null when the value is not a JSON object or that is no version. */
  version: recordVersionSchema.nullable(),
  /** Empty unless `invalid`; a readable summary of each is `path: message` (see describeProblem). */
  problems: z.array(recordProblemSchema)
})
export type RecordCheck = z.infer<typeof recordCheckSchema>

/** `task.title: Required`, or the message alone for the whole record. */
export function describeProblem(problem: RecordProblem): string {
  if (problem.path.length === 0) return problem.message
  const path = problem.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('')
  return `${path}: ${problem.message}`
}

/** What a put, a delete or a set-aside wrote, and the safety-net backup taken before it (null when nothing was written). */
const repairWriteFields = {
  backupId: z.string().nullable(),
  durationMs: z.number().nonnegative()
}

export const recordPutResultSchema = z.object({
  key: z.string(),
  /** Whether a record was under the key before. */
  replaced: z.boolean(),
  /** The check of the value written; `invalid` only when it was forced. */
  check: recordCheckSchema,
  ...repairWriteFields
})
export type RecordPutResult = z.infer<typeof recordPutResultSchema>

export const recordDeleteResultSchema = z.object({ key: z.string(), ...repairWriteFields })
export type RecordDeleteResult = z.infer<typeof recordDeleteResultSchema>

/** One record moved out of the store: its key and why it failed. */
export const setAsideEntrySchema = z.object({ key: z.string(), problems: z.array(recordProblemSchema) })
export type SetAsideEntry = z.infer<typeof setAsideEntrySchema>

/** What a set-aside would move (its dry run). */
export const invalidRecordsSchema = z.object({ checked: z.number().int().nonnegative(), invalid: z.array(setAsideEntrySchema) })
export type InvalidRecords = z.infer<typeof invalidRecordsSchema>

export const setAsideResultSchema = z.object({
  /** The archive written; null when no record failed (then nothing is written at all). */
  archive: z.string().nullable(),
  /** Records checked (every record under a key prefix some migration knows). */
  checked: z.number().int().nonnegative(),
  setAside: z.array(setAsideEntrySchema),
  ...repairWriteFields
})
export type SetAsideResult = z.infer<typeof setAsideResultSchema>

export const setAsideRestoreResultSchema = z.object({
  archive: z.string(),
  /** Records written back into the store. */
  restored: z.number().int().nonnegative(),
  /** Of those, how many were brought to the store's version on the way (set aside at an older one). */
  migrated: z.number().int().nonnegative(),
  /** Of those, how many still fail their check (written only because it was forced). */
  forcedInvalid: z.number().int().nonnegative(),
  /** Of those, how many replaced a record the store holds under the same key now (forced too). */
  replaced: z.number().int().nonnegative(),
  ...repairWriteFields
})
export type SetAsideRestoreResult = z.infer<typeof setAsideRestoreResultSchema>

/** One archive in the store's set-aside folder (records.listSetAside). */
export const setAsideArchiveInfoSchema = z.object({
  /** Its file name, which records.restoreSetAside takes. */
  name: z.string(),
  path: z.string(),
  /** From its header; null with `problem` when the file cannot be read as an archive. */
  createdAt: z.string().nullable(),
  /** The store's version when the records were set aside. */
  schemaVersion: z.number().int().nullable(),
  /** The pre-repair backup taken just before, which holds every record set aside. */
  backupId: z.string().nullable(),
  keys: z.array(z.string()),
  /** How many of its keys the store holds again now: all of them once it has been put back. */
  inStore: z.number().int().nonnegative(),
  problem: z.string().nullable()
})
export type SetAsideArchiveInfo = z.infer<typeof setAsideArchiveInfoSchema>
