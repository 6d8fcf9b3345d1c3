import { z } from 'zod'
import { backupKindSchema } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import { ADMIN_KEY_PREFIX } from '../support/constants.ts'
import { faultBeforeWrite, faultPoint } from '../support/fault-injection.ts'
import type { BatchOp, MeridianStore } from '../store/store.ts'

/**
 * The durable note of an operation in progress. It lives in the store itself, not in a file beside it, because
 * LevelDB writes it in the same atomic batches as the data: the note and the data can never disagree. Written
 * (synced) before the first change, updated when a run turns to reverting, deleted in the batch that commits.
 */
export const OPERATION_KEY = `${ADMIN_KEY_PREFIX}operation`
const operationKeyBytes = Buffer.from(OPERATION_KEY, 'utf8')

const backupRefSchema = z.object({
  id: z.string(),
  path: z.string(),
  /** A checkpoint folder or an archive file; absent in notes written before checkpoints: an archive. */
  kind: backupKindSchema.optional()
})
/** A backup an operation names: its id, where it is, and its kind. */
export type BackupRef = z.infer<typeof backupRefSchema>

export const operationRecordSchema = z.object({
  /** repair: a put, delete or set-aside of records (engine/repair/), reverted from its safety net like a migration. */
  kind: z.enum(['migrate', 'restore', 'repair']),
  /** applying: the change is under way; reverting: it is being undone (after a failure, cancel or crash). */
  phase: z.enum(['applying', 'reverting']),
  startedAt: z.string(),
  name: z.string(),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  /** The backup of the state before the operation: reverting means restoring it. */
  revertTo: backupRefSchema,
  /** For a restore, the backup being restored: completing means merging it (again). */
  source: backupRefSchema.nullable(),
  /** The restore's source is another store's backup, restored with --any-store: recovery may complete it. */
  sourceOfAnotherStore: z.boolean().optional()
})
export type OperationRecord = z.infer<typeof operationRecordSchema>

/** The interrupted operation's record, null when none; CORRUPT_DATABASE when it cannot be read. */
export async function readOperationRecord(store: MeridianStore): Promise<OperationRecord | null> {
  const text = await store.getText(OPERATION_KEY)
  if (text === undefined) return null
  try {
    const parsed = operationRecordSchema.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data
  } catch {
    // fall through: unreadable
  }
  throw new MeridianError('CORRUPT_DATABASE', `The record of an interrupted operation (${OPERATION_KEY}) is unreadable`)
}

/**
 * Writes the record synced: from here on a crash is recovered from it. What was written before it (a phase it
 * ends, such as the applied part of a run turning to reverting) is flushed to disk first, as before a commit.
 */
export async function writeOperationRecord(store: MeridianStore, record: OperationRecord): Promise<void> {
  faultBeforeWrite('operation record')
  await store.syncToDisk()
  await store.db.put(operationKeyBytes, Buffer.from(JSON.stringify(record), 'utf8'), { sync: true })
  faultPoint(`operation.${record.kind}.${record.phase}`)
}

/** The batch operation that clears the record, committed together with the operation's last write. */
export const clearOperationOp: BatchOp = { type: 'del', key: operationKeyBytes }

/**
 * Clears the record alone, synced: for an operation put back that leaves no history entry (an upgrade refused
 * for data loss, like the check that used to refuse it before any write). A crash before it reverts again.
 */
export async function clearOperationRecord(store: MeridianStore): Promise<void> {
  faultPoint('operation.clear.before')
  faultBeforeWrite('operation record')
  await store.db.batch([clearOperationOp], { sync: true })
  faultPoint('operation.clear.after')
}
