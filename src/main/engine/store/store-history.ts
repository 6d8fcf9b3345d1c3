import { MeridianError } from '../../../shared/errors.ts'
import { type HistoryEntry, type MigrationHistory, migrationHistorySchema } from '../../../shared/history.ts'
import { ADMIN_KEY_PREFIX, MIGRATION_HISTORY_KEY, SCHEMA_VERSION_KEY } from '../support/constants.ts'
import type { BatchOp } from './store-db.ts'

/** What one commit of the history writes, in one synced batch. */
export interface HistoryCommit {
  entry: HistoryEntry
  /** `_schema_version` set in the same batch; left as it is when absent. */
  version?: number
  /** Move an unreadable history aside (see historyCommitOps) instead of refusing with CORRUPT_DATABASE. */
  salvageUnreadable?: boolean
  /** Written in the same batch: the clearing of the operation note, which makes this the commit point. */
  extraOps?: readonly BatchOp[]
}

/**
 * An operation's commit handed to a directory swap, which writes it into the store it swaps in (before the swap's
 * journal), so the swap itself is the commit point. Called only by the swap that writes it: the caller knows from
 * that call that it must not commit again.
 */
export type CommitSeal = () => HistoryCommit

/** `_migration_history` as stored: its text, and the history when it parses (null when it does not). */
export interface StoredHistory {
  text: string
  history: MigrationHistory | null
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')
const unreadable = (): MeridianError => new MeridianError('CORRUPT_DATABASE', `${MIGRATION_HISTORY_KEY} is not a readable migration history`)

/** `_schema_version`'s text as a version; absent is v1 (Meridian's oldest stores never wrote it). */
export function parseSchemaVersion(text: string | undefined): number {
  if (text === undefined) return 1
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = text
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new MeridianError('CORRUPT_DATABASE', `${SCHEMA_VERSION_KEY} holds ${JSON.stringify(text)}, not a version number`)
  }
  return value
}

/** `_migration_history`'s text parsed; `undefined` when absent. */
export function parseStoredHistory(text: string | undefined): StoredHistory | undefined {
  if (text === undefined) return undefined
  try {
    const parsed = migrationHistorySchema.safeParse(JSON.parse(text))
    return { text, history: parsed.success ? parsed.data : null }
  } catch {
    return { text, history: null }
  }
}

/** The history's entries; CORRUPT_DATABASE when it cannot be read, so no operation starts on top of it. */
export function historyEntries(stored: StoredHistory | undefined): HistoryEntry[] {
  if (stored && !stored.history) throw unreadable()
  return stored?.history?.migrations ?? []
}

/**
 * The batch that appends `entry` to the history (and sets the version): the commit point of an operation.
 * With `salvageUnreadable` (restores, which must work on damaged stores) an unreadable history is moved aside
 * to an `_admin:` key, byte for byte, and a new history starts; otherwise it is CORRUPT_DATABASE.
 */
export function historyCommitOps(stored: StoredHistory | undefined, { entry, version, salvageUnreadable = false, extraOps = [] }: HistoryCommit): BatchOp[] {
  const ops: BatchOp[] = []
  let history: MigrationHistory = { migrations: [] }
  if (stored?.history) history = stored.history
  else if (stored && salvageUnreadable) {
    ops.push({ type: 'put', key: utf8(`${ADMIN_KEY_PREFIX}unreadable-history:${entry.started_at}`), value: utf8(stored.text) })
  } else if (stored) {
    throw unreadable()
  }
  ops.push({
    type: 'put',
    key: utf8(MIGRATION_HISTORY_KEY),
    value: utf8(JSON.stringify({ ...history, migrations: [...history.migrations, entry] }))
  })
  if (version !== undefined) ops.push({ type: 'put', key: utf8(SCHEMA_VERSION_KEY), value: utf8(JSON.stringify(version)) })
  ops.push(...extraOps)
  return ops
}
