import { ADMIN_KEY_PREFIX, MIGRATION_HISTORY_KEY } from '../support/constants.ts'

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')

/** The range of every key starting with `prefix` (byte order, as LevelDB sorts). */
export function prefixRange(prefix: string): { gte: Buffer; lt: Buffer } {
  const gte = utf8(prefix)
  const lt = Buffer.from(gte)
  // Increment the last byte that can be incremented; prefixes here are ASCII so this never overflows.
  let i = lt.length - 1
  while (i >= 0 && lt[i] === 0xff) i--
  lt[i] = (lt[i] ?? 0) + 1
  return { gte, lt: lt.subarray(0, i + 1) }
}

const HISTORY_KEY_BYTES = utf8(MIGRATION_HISTORY_KEY)
const ADMIN_PREFIX_BYTES = utf8(ADMIN_KEY_PREFIX)

/** Keys no operation may replace from a backup: the history (which only grows) and our own bookkeeping. */
export function isPreservedKey(key: Buffer): boolean {
  return key.equals(HISTORY_KEY_BYTES) || key.subarray(0, ADMIN_PREFIX_BYTES.length).equals(ADMIN_PREFIX_BYTES)
}
