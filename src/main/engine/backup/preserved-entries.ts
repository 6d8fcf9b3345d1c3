import { OPERATION_KEY } from '../operations/operation-record.ts'
import { historyCommitOps, parseStoredHistory, type CommitSeal } from '../store/store-history.ts'
import { isPreservedKey, prefixRange } from '../store/store-keys.ts'
import { scanBatches } from '../store/store-scan.ts'
import { MeridianStore, type BatchOp, type Db } from '../store/store.ts'
import { ADMIN_KEY_PREFIX, MIGRATION_HISTORY_KEY } from '../support/constants.ts'

/**
 * The keys no put-back may replace, carried from the live store into the one built to replace it: the history and
 * our `_admin:` bookkeeping (as a merge keeps them, see restoreMerge), so a put-back never forgets a run. Keyed by
 * the key's latin1 spelling, which round-trips any bytes.
 */
export type PreservedEntries = Map<string, Buffer>

const OPERATION_KEY_BYTES = Buffer.from(OPERATION_KEY, 'utf8')

/** The live store's preserved entries, but not the operation's own note: the store swapped in has none. */
export async function preservedEntries(db: Db): Promise<PreservedEntries> {
  const entries: PreservedEntries = new Map()
  const history = await db.get(Buffer.from(MIGRATION_HISTORY_KEY, 'utf8'))
  if (history !== undefined) entries.set(MIGRATION_HISTORY_KEY, history)
  for await (const batch of scanBatches(db, prefixRange(ADMIN_KEY_PREFIX))) {
    for (const [key, value] of batch) if (!key.equals(OPERATION_KEY_BYTES)) entries.set(key.toString('latin1'), value)
  }
  return entries
}

/**
 * Gives `built` (the store that is about to replace the live one) the carried entries in place of its own. The
 * operation's own commit (`seal`: its history entry) goes in the same synced batch, appended to the carried
 * history, so the swap that follows is the operation's commit point: a crash leaves either the store as it was,
 * note and all, or the new one with its entry.
 */
export async function carryPreservedInto(built: Db, carried: PreservedEntries, seal: CommitSeal | undefined): Promise<void> {
  const ops: BatchOp[] = []
  for await (const batch of scanBatches(built, prefixRange(ADMIN_KEY_PREFIX))) {
    for (const [key] of batch) if (!carried.has(key.toString('latin1'))) ops.push({ type: 'del', key })
  }
  if (!carried.has(MIGRATION_HISTORY_KEY)) ops.push({ type: 'del', key: Buffer.from(MIGRATION_HISTORY_KEY, 'utf8') })
  for (const [key, value] of carried) ops.push({ type: 'put', key: Buffer.from(key, 'latin1'), value })
  const preserved = ops.filter((op) => isPreservedKey(op.key))
  // Later puts of a key win within a batch: the entry's history replaces the carried one.
  const committed = seal ? historyCommitOps(parseStoredHistory(carried.get(MIGRATION_HISTORY_KEY)?.toString('utf8')), seal()) : []
  await built.batch([...preserved, ...committed], { sync: true })
}

/** Opens the store built in `incoming` and gives it the live store's preserved entries and `seal` (see carryPreservedInto). */
export async function carryPreserved(carried: PreservedEntries, incoming: string, seal: CommitSeal | undefined): Promise<void> {
  const built = await MeridianStore.open(incoming, { access: 'write', allowFormatUpgrade: true })
  try {
    await carryPreservedInto(built.db, carried, seal)
  } finally {
    await built.close()
  }
}
