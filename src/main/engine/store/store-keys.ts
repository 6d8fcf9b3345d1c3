import { ADMIN_KEY_PREFIX, MIGRATION_HISTORY_KEY } from '../support/constants.ts'

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')

/** The range of every key starting with `prefix` (byte order, as LevelDB sorts). */
export function prefixRange(prefix: string): { gte: Buffer; lt: Buffer } {
  const gte = utf8(prefix)
  // Prefixes here are ASCII, so one is never all 0xff bytes.
  return { gte, lt: bytesPastPrefix(gte) ?? Buffer.alloc(0) }
}

/** The first bytes after every key starting with `prefix`: its last byte that can be incremented, incremented; null for all 0xff. */
export function bytesPastPrefix(prefix: Buffer): Buffer | null {
  const past = Buffer.from(prefix)
  let i = past.length - 1
  while (i >= 0 && past[i] === 0xff) i--
  if (i < 0) return null
  past[i] = (past[i] as number) + 1
  return past.subarray(0, i + 1)
}

const HISTORY_KEY_BYTES = utf8(MIGRATION_HISTORY_KEY)
const ADMIN_PREFIX_BYTES = utf8(ADMIN_KEY_PREFIX)

/** Keys no operation may replace from a backup: the history (which only grows) and our own bookkeeping. */
export function isPreservedKey(key: Buffer): boolean {
  return key.equals(HISTORY_KEY_BYTES) || key.subarray(0, ADMIN_PREFIX_BYTES.length).equals(ADMIN_PREFIX_BYTES)
}
