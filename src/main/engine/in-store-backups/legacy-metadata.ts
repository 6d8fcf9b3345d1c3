import { z } from 'zod'
import { IN_STORE_BACKUP_ID_PATTERN } from '../../../shared/backup.ts'

/**
 * Meridian's in-store backups (its seed: "Backup key: `_backup_YYYYMMDD_HHMMSS`"): one metadata key holding
 * `{timestamp, prefix, item_count, keys}` and one entry `<id>:<key>` per backed-up record, holding the record's
 * bytes as they were. Every key of one backup lies in `[<id>, <id>;)`, since `:` + 1 is `;`.
 */
export const IN_STORE_RANGE = { gte: Buffer.from('_backup_', 'utf8'), lt: Buffer.from('_backup`', 'utf8') }

/** The part of a key in the `_backup_` range that names its backup: the metadata key itself, or what precedes `:`. */
export function backupIdOfKey(key: Buffer): string | null {
  const text = key.toString('utf8')
  const colon = text.indexOf(':')
  const id = colon < 0 ? text : text.slice(0, colon)
  return IN_STORE_BACKUP_ID_PATTERN.test(id) ? id : null
}

export const metadataKey = (id: string): Buffer => Buffer.from(id, 'utf8')
/** Every key of backup `id`: its metadata and its entries. */
export const backupRange = (id: string): { gte: Buffer; lt: Buffer } => ({ gte: Buffer.from(id, 'utf8'), lt: Buffer.from(`${id};`, 'utf8') })
/** Its entries only. */
export const entryRange = (id: string): { gte: Buffer; lt: Buffer } => ({ gte: Buffer.from(`${id}:`, 'utf8'), lt: Buffer.from(`${id};`, 'utf8') })
export const entryPrefixLength = (id: string): number => Buffer.byteLength(`${id}:`, 'utf8')

export const inStoreMetadataSchema = z.object({
  timestamp: z.string(),
  // A prefix starting with `_` would reach the store's own keys (version, history, other backups): not a record prefix.
  prefix: z
    .string()
    .min(1)
    .refine((prefix) => !prefix.startsWith('_'), 'a record prefix such as task: (not empty, not starting with _)'),
  item_count: z.number().int().nonnegative(),
  keys: z.array(z.string())
})
export type InStoreMetadata = z.infer<typeof inStoreMetadataSchema>

/** The metadata parsed, or why it cannot be: not JSON, or a field missing or of the wrong type (named). */
export function parseMetadata(bytes: Buffer): { metadata: InStoreMetadata; problem: null } | { metadata: null; problem: string } {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    return { metadata: null, problem: 'its metadata is not JSON' }
  }
  const parsed = inStoreMetadataSchema.safeParse(value)
  if (parsed.success) return { metadata: parsed.data, problem: null }
  const issue = parsed.error.issues[0]
  const field = issue?.path.join('.') || '(the whole value)'
  return { metadata: null, problem: `its metadata field ${field} is invalid: ${issue?.message ?? 'wrong shape'}` }
}

/** `_backup_20240101_120000` → `2024-01-01T12:00:00Z`: the time a backup was taken when its metadata cannot say. */
export function timeOfId(id: string): string {
  const [, date = '', time = ''] = /^_backup_(\d{8})_(\d{6})$/.exec(id) ?? []
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}Z`
}
