import { z } from 'zod'
import {
  anyBackupIdSchema,
  backupIdSchema,
  backupInfoSchema,
  backupKindSchema,
  inStoreBackupIdSchema,
  pruneResultSchema,
  restoreResultSchema,
  verifyReportSchema
} from './backup.ts'
import { inStoreBackupInfoSchema, inStoreRemovalSchema } from './in-store-backup.ts'
import { backupComparisonSchema, inspectPrefixSchema } from './backup-inspect.ts'
import { errorShapeSchema } from './errors.ts'
import { historyEntrySchema } from './history.ts'
import { migrationPlanSchema } from './migration-plan.ts'
import { dryRunReportSchema, migrateResultSchema } from './migration-result.ts'
import { progressEventSchema } from './progress.ts'
import { olderThanSchema } from './retention.ts'
import { recordsFindPageSchema, recordsPageSchema, recordSummarySchema } from './record-summary.ts'
import { storeCountsSchema, storeStatusSchema } from './store-status.ts'
import {
  invalidRecordsSchema,
  recordCheckSchema,
  recordDeleteResultSchema,
  recordPutResultSchema,
  setAsideArchiveInfoSchema,
  setAsideRestoreResultSchema,
  setAsideResultSchema
} from './repair.ts'
import { API_METHODS, type ApiMethodName } from './api-methods.ts'

const none = z.object({}).strict()
const targetVersion = z.object({ to: z.number().int().min(1).optional() }).strict()
/**
 * A run that would lose data is refused (DATA_LOSS_REFUSED, the count and a sample in the message) unless
 * `allowDataLoss` is true: a downgrade before it writes, an upgrade (a value v2 cannot hold) from within its own
 * pass, rolled back.
 */
const migrationRunInput = targetVersion
  .extend({
    allowDataLoss: z.boolean().optional(),
    allowFormatUpgrade: z.boolean().optional(),
    /** Once committed, write the portable archive of its checkpoint in the background (see `archive-progress`). */
    archive: z.boolean().optional()
  })
  .strict()
/**
 * The retention policy (defaults: keep 5, older than 30 days); `olderThan` in days or as `30d`/`12h` (as the CLI's
 * `--older-than`). `only`: delete no backup but these (the ones a dry run listed and the person confirmed).
 */
export const pruneInputSchema = z
  .object({
    keep: z.number().int().min(0).max(1_000_000).optional(),
    olderThan: olderThanSchema.optional(),
    dryRun: z.boolean().optional(),
    only: z.array(backupIdSchema).max(10_000).optional()
  })
  .strict()

/** A page of records under one prefix, in key order. `after` is the last key of the previous page. */
export const recordsPageInputSchema = z
  .object({
    prefix: z.string().max(256),
    after: z.string().max(4096).optional(),
    limit: z.number().int().min(1).max(200).default(50)
  })
  .strict()
/**
 * The store's records: a page under one prefix from one cursor at most (`after` a key for Next, `from` the first
 * key ≥ it for a jump, `before` a key for Previous), keeping only the records every filter given matches
 * (`keyContains`, `valueContains`: case-insensitive substrings; `version`: a version or "invalid", as the record
 * counts label them). A filtered page reads at most `scanLimit` records, then answers with what it found and
 * `scanStopped`, so no call scans the whole store.
 */
export const recordsFindInputSchema = recordsPageInputSchema
  .extend({
    from: z.string().max(4096).optional(),
    before: z.string().max(4096).optional(),
    keyContains: z.string().min(1).max(256).optional(),
    valueContains: z.string().min(1).max(256).optional(),
    version: z.union([z.number().int().min(1), z.literal('invalid')]).optional(),
    scanLimit: z.number().int().min(100).max(200_000).optional()
  })
  .strict()
  .refine((input) => [input.after, input.from, input.before].filter((cursor) => cursor !== undefined).length <= 1, {
    message: 'give at most one of after, from and before'
  })
// Declared in shared/record-summary.ts (the backup comparison and the engine use them too), re-exported here.
export { recordsPageSchema, recordSummarySchema }

const recordKey = z.string().min(1).max(4096)
/** A record's new value as text (JSON, unless forced); bounded by the HTTP host's body limit too. */
const recordValue = z.string().max(4 * 1024 * 1024)

/**
 * A long call running on the host: its id (from the host, fresh for each run), its name (`migration.run`…), when
 * it started, and whether the client asking started it: the same page (its client id survives a reload), which
 * re-attaches to it with Cancel. Any holder of the token may cancel any run; "started here" says whose it is.
 */
export const runningOperationSchema = z.object({
  id: z.string(),
  name: z.string(),
  startedAt: z.string(),
  startedHere: z.boolean()
})
export type RunningOperationInfo = z.infer<typeof runningOperationSchema>

/** Which store the host serves (none once the person closed it), and whether an operation holds it. */
export const storeInfoSchema = z.object({
  /** null: no store is open (closed from the app); every call on the store then answers NO_STORE_OPEN. */
  dataDir: z.string().nullable(),
  backupDir: z.string().nullable(),
  /**
   * How the app holds the store: `read`, through a private snapshot (the store's own files are not held, nor its
   * LOCK taken: Meridian and the CLI can open it); `write`, the store itself with its LOCK, while an operation
   * writes. null when no store is open.
   */
  access: z.enum(['read', 'write']).nullable(),
  /** The long operation running now (`migration`, `restore`…), or null. */
  runningOperation: z.string().nullable(),
  /** The long call running now, with its id; null when none (or when only the engine's own work holds the store). */
  operation: runningOperationSchema.nullable(),
  /** Whether `store.open` and `store.close` work here (the desktop app and the web host: yes). */
  canOpenOtherStores: z.boolean(),
  /** Whether `store.chooseDirectory` has a folder picker to show (the desktop app only). */
  canChooseFolder: z.boolean(),
  /** The stores opened before, most recent first (the open one included). */
  recentStores: z.array(z.string())
})

/**
 * The one API every host serves: Electron IPC (a channel per call, see ipc-channels.ts) and the loopback HTTP host
 * implement exactly these calls, each named `domain.action`, with zod schemas for input and output.
 *
 * - Input: an absent input counts as `{}`; an unknown key or a bad value is refused with INVALID_INPUT, the
 *   message naming the field (`Invalid input for migration.plan: to: …`).
 * - Long calls (marked below) resolve when the work is done; meanwhile `progress` events name the call as their
 *   `operation`; a migration or a restore reports several phases in turn (`backup`, `migrate`, `rollback`,
 *   `verify`, `restore`). `operation.cancel` aborts every long call in flight.
 * - `store-changed` follows every call that may write (the calls marked "writes"), whether it succeeded or
 *   failed (a failed migration still adds to the history), except when it was refused as BUSY; and `store.open`
 *   or `store.chooseDirectory` when it switched to another store, and `store.close` when it closed one.
 */
export const apiContract = {
  'store.info': { input: none, output: storeInfoSchema },
  /** At once on any size: a few seeks, no count (see store.counts). */
  'store.status': { input: none, output: storeStatusSchema },
  /**
   * Long, reads every key: records per prefix and per record version. Not an operation (it runs beside one, and
   * `operation.cancel` leaves it): its progress and the counts so far come as `counts-progress` events. A second
   * call while one counts joins it; a write, a store switch or close stops it (CANCELLED: ask again once it ends).
   */
  'store.counts': { input: none, output: storeCountsSchema },
  /**
   * Serve another data directory (an absolute path, or one from `~`), remembered among the recent stores. The open
   * store stays served when the new one cannot be opened (DATA_DIR_NOT_FOUND, NOT_A_DATABASE…); BUSY during an
   * operation.
   */
  'store.open': { input: z.object({ dataDir: z.string().min(1).max(4096) }).strict(), output: storeInfoSchema },
  /** Desktop only: the native folder picker, then as `store.open`; null when cancelled (the web host answers INVALID_INPUT). */
  'store.chooseDirectory': { input: none, output: storeInfoSchema.nullable() },
  /** Close the store, releasing every file of it (Meridian or the CLI may then open it); BUSY during an operation. */
  'store.close': { input: none, output: storeInfoSchema },
  'store.records': { input: recordsFindInputSchema, output: recordsFindPageSchema },
  'history.list': { input: none, output: z.array(historyEntrySchema) },
  /** What the engine plans, checked as `migration.run` checks it (VERSION_TOO_NEW, INVALID_INPUT…); reads only. */
  'migration.plan': { input: targetVersion, output: migrationPlanSchema },
  /** Long. */
  'migration.dryRun': { input: targetVersion, output: dryRunReportSchema },
  /** Long, writes. `allowFormatUpgrade`: the person confirmed that writing upgrades an older RocksDB store's format. */
  'migration.run': { input: migrationRunInput, output: migrateResultSchema },
  /** `{ cancelled: false }` when nothing was running (or only a run past its commit); with `id`, only that run is cancelled. */
  'operation.cancel': { input: z.object({ id: z.string().max(100).optional() }).strict(), output: z.object({ cancelled: z.boolean() }) },
  'backups.list': { input: none, output: z.array(backupInfoSchema) },
  /** Long, writes. */
  /** An archive unless `kind: 'checkpoint'` (milliseconds; its files are hashed in the background afterwards). */
  'backups.create': { input: z.object({ kind: backupKindSchema.optional() }).strict(), output: backupInfoSchema },
  /**
   * Long. The portable archive (`.mbak`) of checkpoint `id`, written from the checkpoint's files: the store is not
   * read; the checkpoint is kept. INVALID_INPUT for an archive's id, BACKUP_CORRUPT for a damaged checkpoint.
   */
  'backups.archive': { input: z.object({ id: backupIdSchema }).strict(), output: backupInfoSchema },
  /**
   * Stops the background archive a migration started (`archive: true`): what it wrote is removed, the checkpoint
   * kept. `{ stopped: false }` when none runs.
   */
  'backups.stopArchive': { input: none, output: z.object({ stopped: z.boolean() }) },
  /** Long. */
  'backups.verify': { input: z.object({ id: anyBackupIdSchema }).strict(), output: verifyReportSchema },
  /** Long, writes. */
  'backups.restore': { input: z.object({ id: anyBackupIdSchema, allowFormatUpgrade: z.boolean().optional() }).strict(), output: restoreResultSchema },
  /** Writes. */
  'backups.delete': { input: z.object({ id: backupIdSchema }).strict(), output: z.object({ deleted: z.string() }) },
  /** Long (its progress: verifying backups), writes unless `dryRun`. */
  'backups.prune': { input: pruneInputSchema, output: pruneResultSchema },
  /** Meridian's legacy backups inside the store; verify and restore take their ids too. */
  'backups.listInStore': { input: none, output: z.array(inStoreBackupInfoSchema) },
  /** Long, writes. */
  'backups.exportInStore': { input: z.object({ id: inStoreBackupIdSchema }).strict(), output: backupInfoSchema },
  /** Long, writes. */
  'backups.removeInStore': {
    input: z.union([z.object({ id: inStoreBackupIdSchema }).strict(), z.object({ all: z.literal(true) }).strict()]),
    output: inStoreRemovalSchema
  },
  /**
   * A page of a backup's records, as store.records pages the store; read from the file, nothing restored. A
   * damaged backup answers BACKUP_CORRUPT before any record.
   */
  'backups.records': { input: recordsPageInputSchema.extend({ id: backupIdSchema }), output: recordsPageSchema },
  /**
   * Long. The backup against the store now, under a prefix ('' for every key): counts and samples; reads only. A
   * damaged backup answers BACKUP_CORRUPT.
   */
  'backups.compare': {
    input: z.object({ id: backupIdSchema, prefix: inspectPrefixSchema.default('') }).strict(),
    output: backupComparisonSchema
  },
  // Repair (engine/repair/): every write takes a pre-repair backup first and is journaled like a migration.
  /** Whether the record under `key` holds for its version's schema and would migrate, and why not; RECORD_NOT_FOUND. */
  'records.check': { input: z.object({ key: recordKey }).strict(), output: recordCheckSchema },
  /** The check `value` would get under `key`, written nowhere: what the editor shows before Save. */
  'records.checkValue': { input: z.object({ key: recordKey, value: recordValue }).strict(), output: recordCheckSchema },
  /** Long, writes. RECORD_INVALID, before anything is written, for a value that fails its check unless `force`. */
  'records.put': { input: z.object({ key: recordKey, value: recordValue, force: z.boolean().optional() }).strict(), output: recordPutResultSchema },
  /** Long, writes. RECORD_NOT_FOUND before any write when there is no such record. */
  'records.delete': { input: z.object({ key: recordKey }).strict(), output: recordDeleteResultSchema },
  /** Long. The records a set-aside would move, and why; reads only. */
  'records.findInvalid': { input: none, output: invalidRecordsSchema },
  /** Long, writes. Moves every invalid record into an archive beside the store (`<DIR>.set-aside/…`); nothing when none fails. */
  'records.setAside': { input: none, output: setAsideResultSchema },
  /** The archives in the store's set-aside folder, newest first, each with how many of its keys the store holds again. */
  'records.listSetAside': { input: none, output: z.array(setAsideArchiveInfoSchema) },
  /**
   * Long, writes. Puts the records of the archive `name` (a file name in the set-aside folder, never a path) back,
   * each checked and brought to the store's version: RECORD_INVALID while one still fails, INVALID_INPUT when the
   * store holds one of its keys again, both before anything is written. (The CLI's --force is not offered here.)
   */
  'records.restoreSetAside': { input: z.object({ name: z.string().min(1).max(200) }).strict(), output: setAsideRestoreResultSchema }
} as const

export type ApiContract = typeof apiContract
export type ApiMethod = keyof ApiContract
/**
 * Who is calling, as a transport tells it: the page's own client id (the web page's, kept in its sessionStorage so
 * a reload keeps it; a desktop window's). Absent when the transport cannot tell.
 */
export interface CallContext {
  clientId?: string
}
/** The header a web page names its client id in; 8 to 64 letters, digits or dashes, else ignored. */
export const CLIENT_ID_HEADER = 'x-meridian-client'
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/)
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.infer<ApiContract[M]['output']>

/**
 * What every call answers: data or a coded error, never a thrown object across the boundary.
 *
 * Over HTTP (`npm run serve`, web/web-host.ts): the page is opened at `http://127.0.0.1:PORT/?token=T`; static
 * files need no token, every `/api/…` does. A call is `POST /api/<method>` with the header `X-Meridian-Token: T`
 * and the input as a JSON body (an empty body counts as `{}`); the answer's body is always this JSON result, the
 * HTTP status following the error code (web/http-status.ts). Refused before the call: 403 ACCESS_DENIED for a
 * Host that is not the loopback address and port or an Origin not the page's own (checked first, also for static
 * files), 401 ACCESS_DENIED for a missing or wrong token, 405 for another method, 413 for a body over the limit,
 * 400 INVALID_INPUT for a body that is not JSON; all with the same JSON body.
 */
export type ApiResult<M extends ApiMethod> = { ok: true; value: ApiOutput<M> } | { ok: false; error: z.infer<typeof errorShapeSchema> }
export const apiResultSchema = <M extends ApiMethod>(method: M) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: apiContract[method].output }),
    z.object({ ok: z.literal(false), error: errorShapeSchema })
  ])

/**
 * Events pushed from host to renderer: on the IPC event channel, or as Server-Sent Events from
 * `new EventSource('/api/events?token=T')` (the one route that takes the token from the query), each message's
 * `data` one JSON ApiEvent.
 */
export const apiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), operation: z.string(), operationId: z.string().optional(), event: progressEventSchema }),
  z.object({ type: z.literal('store-changed') }),
  /**
   * A long call's commit is durable (a migration, restore or repair): from now a cancel cannot undo it, so the
   * renderer stops offering one; the call's answer follows once it has finished.
   */
  z.object({ type: z.literal('committed'), operation: z.string(), operationId: z.string() }),
  /**
   * The background archive of a migration's checkpoint (`migration.run` with `archive`): running with its
   * progress, then done (`archiveId`), failed (`error`) or stopped. Not an operation: nothing waits for it.
   */
  z.object({
    type: z.literal('archive-progress'),
    checkpointId: z.string(),
    state: z.enum(['running', 'done', 'failed', 'stopped']),
    progress: progressEventSchema.nullable(),
    archiveId: z.string().nullable(),
    error: errorShapeSchema.nullable()
  }),
  /** store.counts at work: its progress, or (after each prefix) the counts so far. */
  z.object({ type: z.literal('counts-progress'), progress: progressEventSchema.nullable(), partial: storeCountsSchema.nullable() })
])
export type ApiEvent = z.infer<typeof apiEventSchema>

/** The renderer's view of a host: one implementation over the preload bridge, one over HTTP. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>>
  /**
   * Subscribes to host events; returns the unsubscribe function. `onConnection`, when the transport can tell,
   * hears false when the event stream to the host broke (the host stopped) and true when it is open again.
   */
  subscribe(listener: (event: ApiEvent) => void, onConnection?: (connected: boolean) => void): () => void
}

/** Every call's name, in the contract's order; declared in api-methods.ts for the preload, checked equal here. */
export const apiMethods: readonly ApiMethod[] = API_METHODS
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const contractNamesAreApiMethods: SameNames<ApiMethod, ApiMethodName> = true
void contractNamesAreApiMethods
