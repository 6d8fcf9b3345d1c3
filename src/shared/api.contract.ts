import { z } from 'zod'
import { anyBackupIdSchema, backupIdSchema, backupInfoSchema, inStoreBackupIdSchema, pruneResultSchema, restoreResultSchema, verifyReportSchema } from './backup.ts'
import { inStoreBackupInfoSchema, inStoreRemovalSchema } from './in-store-backup.ts'
import { backupComparisonSchema, inspectPrefixSchema } from './backup-inspect.ts'
import { errorShapeSchema } from './errors.ts'
import { historyEntrySchema } from './history.ts'
import { migrationPlanSchema } from './migration-plan.ts'
import { dryRunReportSchema, migrateResultSchema } from './migration-result.ts'
import { progressEventSchema } from './progress.ts'
import { olderThanSchema } from './retention.ts'
import { recordsPageSchema, recordSummarySchema } from './record-summary.ts'
import { storeStatusSchema } from './store-status.ts'

const none = z.object({}).strict()
const targetVersion = z.object({ to: z.number().int().min(1).optional() }).strict()
/**
 * A run that would lose data is refused (DATA_LOSS_REFUSED) unless `allowDataLoss` is true: a downgrade before it
 * writes, an upgrade (a value v2 cannot hold) from within its own pass, rolled back.
 */
const migrationRunInput = targetVersion.extend({ allowDataLoss: z.boolean().optional(), allowFormatUpgrade: z.boolean().optional() }).strict()
/**
 * The retention policy (defaults: keep 5, older than 30 days); `olderThan` in days or as `30d`/`12h`. `only`:
 * delete no backup but these (the ones a dry run listed and the person confirmed).
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
// Declared in shared/record-summary.ts (the backup comparison and the engine use them too), re-exported here.
export { recordsPageSchema, recordSummarySchema }

/** Which store the host serves, and whether an operation holds it. */
export const storeInfoSchema = z.object({
  dataDir: z.string(),
  backupDir: z.string(),
  /** The long operation running now (`migration`, `restore`…), or null. */
  runningOperation: z.string().nullable(),
  /** Only the desktop app can switch stores; the web host serves the one it was started on. */
  canOpenOtherStores: z.boolean(),
  recentStores: z.array(z.string())
})

/**
 * The one API every host serves: Electron IPC and the loopback HTTP host implement exactly these calls, each
 * named `domain.action`, with zod schemas for input and output. Long calls resolve when the work is done;
 * meanwhile progress arrives as `progress` events, and `operation.cancel` aborts the running one.
 */
export const apiContract = {
  'store.info': { input: none, output: storeInfoSchema },
  'store.status': { input: none, output: storeStatusSchema },
  /** Desktop only: switch to another data directory (the web host answers INVALID_INPUT). */
  'store.open': { input: z.object({ dataDir: z.string().min(1).max(4096) }).strict(), output: storeInfoSchema },
  /** Desktop only: the native folder picker, then as `store.open`; null when cancelled (the web host answers INVALID_INPUT). */
  'store.chooseDirectory': { input: none, output: storeInfoSchema.nullable() },
  'store.records': { input: recordsPageInputSchema, output: recordsPageSchema },
  'history.list': { input: none, output: z.array(historyEntrySchema) },
  'migration.plan': { input: targetVersion, output: migrationPlanSchema },
  'migration.dryRun': { input: targetVersion, output: dryRunReportSchema },
  /** `allowFormatUpgrade`: the person confirmed that writing upgrades an older RocksDB store's format. */
  'migration.run': { input: migrationRunInput, output: migrateResultSchema },
  'operation.cancel': { input: none, output: z.object({ cancelled: z.boolean() }) },
  'backups.list': { input: none, output: z.array(backupInfoSchema) },
  'backups.create': { input: none, output: backupInfoSchema },
  'backups.verify': { input: z.object({ id: anyBackupIdSchema }).strict(), output: verifyReportSchema },
  'backups.restore': { input: z.object({ id: anyBackupIdSchema, allowFormatUpgrade: z.boolean().optional() }).strict(), output: restoreResultSchema },
  'backups.delete': { input: z.object({ id: backupIdSchema }).strict(), output: z.object({ deleted: z.string() }) },
  'backups.prune': { input: pruneInputSchema, output: pruneResultSchema },
  /** Meridian's legacy backups inside the store; verify and restore take their ids too. */
  'backups.listInStore': { input: none, output: z.array(inStoreBackupInfoSchema) },
  'backups.exportInStore': { input: z.object({ id: inStoreBackupIdSchema }).strict(), output: backupInfoSchema },
  'backups.removeInStore': {
    input: z.union([z.object({ id: inStoreBackupIdSchema }).strict(), z.object({ all: z.literal(true) }).strict()]),
    output: inStoreRemovalSchema
  },
  /** A page of a backup's records, as store.records pages the store; read from the file, nothing restored. */
  'backups.records': { input: recordsPageInputSchema.extend({ id: backupIdSchema }), output: recordsPageSchema },
  /** The backup against the store now, under a prefix ('' for every key): counts and samples. A long call. */
  'backups.compare': {
    input: z.object({ id: backupIdSchema, prefix: inspectPrefixSchema.default('') }).strict(),
    output: backupComparisonSchema
  }
} as const

export type ApiContract = typeof apiContract
export type ApiMethod = keyof ApiContract
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.infer<ApiContract[M]['output']>

/** What every call answers: data or a coded error, never a thrown object across the boundary. */
export type ApiResult<M extends ApiMethod> = { ok: true; value: ApiOutput<M> } | { ok: false; error: z.infer<typeof errorShapeSchema> }
export const apiResultSchema = <M extends ApiMethod>(method: M) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: apiContract[method].output }),
    z.object({ ok: z.literal(false), error: errorShapeSchema })
  ])

/** Events pushed from host to renderer (IPC channel or Server-Sent Events). */
export const apiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), operation: z.string(), event: progressEventSchema }),
  z.object({ type: z.literal('store-changed') })
])
export type ApiEvent = z.infer<typeof apiEventSchema>

/** The renderer's view of a host: one implementation over the preload bridge, one over HTTP. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>>
  /** Subscribes to host events; returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void
}

export const apiMethods = Object.keys(apiContract) as ApiMethod[]
