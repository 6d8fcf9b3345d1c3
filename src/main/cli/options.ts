import { z } from 'zod'
import { BACKUP_ID_PATTERN, IN_STORE_BACKUP_ID_PATTERN } from '../../shared/backup.ts'
import { MeridianError } from '../../shared/errors.ts'
import type { DemoVersion } from '../demo/demo-store.ts'
import type { TransformSettings } from '../engine/index.ts'

/** Option values arrive as text; each is parsed here, and bad input becomes INVALID_INPUT naming the option. */
const wholeNumber = z
  .string()
  .trim()
  .regex(/^[+-]?\d+$/, 'a whole number')
  .transform(Number)
  .pipe(z.number().refine(Number.isSafeInteger, 'a whole number'))

export const countSchema = wholeNumber.pipe(z.number().min(1, 'a whole number of at least 1').max(10_000_000, 'at most 10000000'))
export const episodesSchema = wholeNumber.pipe(z.number().min(0, 'a whole number of at least 0').max(10_000_000, 'at most 10000000'))
export const targetVersionSchema = wholeNumber.pipe(z.number().min(1, 'a version number of at least 1'))
export const seedSchema = wholeNumber
export const demoVersionSchema = z
  .string()
  .trim()
  // v3 was a demo version once: say why it is gone rather than only that it is not allowed.
  .refine((text) => text !== '3', 'one of 1, 2 or mixed; not 3: Meridian knows schema v2 at most and refuses to start on a newer store')
  .pipe(z.enum(['1', '2', 'mixed'], 'one of 1, 2 or mixed'))
  .transform((text): DemoVersion => (text === 'mixed' ? 'mixed' : (Number(text) as 1 | 2)))
export const keepSchema = wholeNumber.pipe(z.number().min(0, 'a whole number of at least 0'))
/** `30d` or `12h`, as days; shared with the API's backups.prune so both read an age the same way. */
export { ageSchema } from '../../shared/retention.ts'
/** `show --limit`: records per page, as the app's pages allow. */
export const pageLimitSchema = wholeNumber.pipe(z.number().min(1, 'a whole number from 1 to 200').max(200, 'a whole number from 1 to 200'))
/** `show --after`: the last key of the previous page. */
export const pageCursorSchema = z.string().max(4096, 'a key of at most 4096 characters')
/** `get KEY`: a record's key, exactly as stored. */
export const recordKeySchema = z.string().min(1, 'a record key such as task:abc').max(4096, 'a key of at most 4096 characters')
export const dataDirSchema = z.string().trim().min(1, 'a directory path')
export const backupIdSchema = z.string().trim().regex(BACKUP_ID_PATTERN, 'a backup id such as backup_20240101_120000')
export const inStoreIdSchema = z.string().trim().regex(IN_STORE_BACKUP_ID_PATTERN, 'an in-store backup id such as _backup_20240101_120000')
/** verify and restore take a backup file's id or an in-store backup's. */
export const anyBackupIdSchema = z
  .string()
  .trim()
  .refine((id) => BACKUP_ID_PATTERN.test(id) || IN_STORE_BACKUP_ID_PATTERN.test(id), 'a backup id such as backup_20240101_120000 or _backup_20240101_120000')

/** Parses one option or argument; `name` is how the user wrote it (`--count`, `ID`). */
export function parseOption<T>(schema: z.ZodType<T, string>, name: string, raw: string): T {
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  const expected = result.error.issues[0]?.message ?? 'a valid value'
  throw new MeridianError('INVALID_INPUT', `Invalid value for ${name}: ${JSON.stringify(raw)} (expected ${expected})`)
}

/** Like parseOption, for options that may be absent. */
export function parseOptional<T>(schema: z.ZodType<T, string>, name: string, raw: string | undefined): T | undefined {
  return raw === undefined ? undefined : parseOption(schema, name, raw)
}

/** The options every command accepts (before or after the command name). */
export interface GlobalOptions {
  json: boolean
  backupDir: string | undefined
  /** A migration set added to the built-in one (`--migrations DIR`). */
  migrationsDir: string | undefined
  /** Where a migration's records are transformed: from MERIDIAN_TRANSFORM_WORKER, which `main` reads once. */
  transform: TransformSettings
}

export function parseGlobals(raw: { json?: boolean; backupDir?: string; migrations?: string }, transform: TransformSettings = {}): GlobalOptions {
  return {
    json: raw.json === true,
    backupDir: parseOptional(dataDirSchema, '--backup-dir', raw.backupDir),
    migrationsDir: parseOptional(dataDirSchema, '--migrations', raw.migrations),
    transform
  }
}
