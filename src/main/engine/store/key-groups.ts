import { keyPrefixOf } from './key-prefix.ts'
import { bytesPastPrefix } from './store-keys.ts'
import type { Db } from './store.ts'

/** A store with more groups than this is listed in part (a foreign store whose every key is a name of its own). */
export const MAX_KEY_GROUPS = 500

/** One key prefix (see keyPrefixOf) and where its keys start: the key-order interval up to the next group's start. */
export interface KeyGroup {
  prefix: string
  start: Buffer
}

export interface KeyGroups {
  groups: KeyGroup[]
  /** Where listing stopped when the store has more than MAX_KEY_GROUPS groups; null when all are listed. */
  restFrom: Buffer | null
}

/**
 * The bytes a group's keys all begin with, and where the keys after the group begin: past every key with the
 * prefix, or, for a key that is all name (`_schema_version`, its own group), just past that key, since
 * `_schema_version2` is another group. Bytes, not text: a key that is not UTF-8 still moves the search forward.
 */
function nextGroupFrom(key: Buffer, prefix: string): Buffer {
  const bytes = Buffer.from(prefix, 'utf8')
  if (bytes.length >= key.length || !key.subarray(0, bytes.length).equals(bytes)) {
    // The whole key is its name, or its text is not UTF-8 where the prefix ends: the next key in order.
    return Buffer.concat([key, Buffer.from([0])])
  }
  return bytesPastPrefix(bytes) ?? Buffer.concat([key, Buffer.from([0])])
}

/**
 * The store's key groups in key order, found by seeking rather than scanning: one seek per group (a Meridian
 * store has about ten), so a store of millions of records lists its prefixes in milliseconds. Each group's keys
 * are exactly those from its start to the next group's.
 */
export async function listKeyGroups(db: Db, limit = MAX_KEY_GROUPS): Promise<KeyGroups> {
  const groups: KeyGroup[] = []
  let from: Buffer = Buffer.alloc(0)
  for (;;) {
    const [key] = await db.keys({ gte: from, limit: 1 }).all()
    if (key === undefined) return { groups, restFrom: null }
    if (groups.length === limit) return { groups, restFrom: from }
    const prefix = keyPrefixOf(key.toString('utf8'))
    groups.push({ prefix, start: key })
    from = nextGroupFrom(key, prefix)
  }
}
