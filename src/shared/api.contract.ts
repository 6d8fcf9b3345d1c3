import { z } from 'zod'
import { backupIdSchema, backupInfoSchema, restoreResultSchema, verifyReportSchema } from './backup.ts'
import { errorShapeSchema } from './errors.ts'
import { historyEntrySchema } from './history.ts'
import { dryRunReportSchema, migrateResultSchema } from './migration-result.ts'
import { progressEventSchema } from './progress.ts'
import { pendingStepSchema, storeStatusSchema } from './store-status.ts'

const none = z.object({}).strict()
const targetVersion = z.object({ to: z.number().int().min(1).optional() }).strict()

/** A page of records under one prefix, in key order. `after` is the last key of the previous page. */
export const recordsPageInputSchema = z
  .object({
    prefix: z.string().max(256),
    after: z.string().max(4096).optional(),
    limit: z.number().int().min(1).max(200).default(50)
  })
  .strict()
export const recordSummarySchema = z.object({
  key: z.string(),
  /** The record's `schema_version` (1 when absent); null when the value is not a JSON object. */
  version: z.number().int().nullable(),
  bytes: z.number().int().nonnegative(),
  /** The parsed JSON value, or the raw text when it is not JSON. */
  value: z.unknown()
})
export const recordsPageSchema = z.object({ records: z.array(recordSummarySchema), nextAfter: z.string().nullable() })

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
  'migration.plan': {
    input: targetVersion,
    output: z.object({ from: z.number().int(), to: z.number().int(), steps: z.array(pendingStepSchema) })
  },
  'migration.dryRun': { input: targetVersion, output: dryRunReportSchema },
  /** `allowFormatUpgrade`: the person confirmed that writing upgrades an older RocksDB store's format. */
  'migration.run': { input: targetVersion.extend({ allowFormatUpgrade: z.boolean().optional() }).strict(), output: migrateResultSchema },
  'operation.cancel': { input: none, output: z.object({ cancelled: z.boolean() }) },
  'backups.list': { input: none, output: z.array(backupInfoSchema) },
  'backups.create': { input: none, output: backupInfoSchema },
  'backups.verify': { input: z.object({ id: backupIdSchema }).strict(), output: verifyReportSchema },
  'backups.restore': { input: z.object({ id: backupIdSchema, allowFormatUpgrade: z.boolean().optional() }).strict(), output: restoreResultSchema },
  'backups.delete': { input: z.object({ id: backupIdSchema }).strict(), output: z.object({ deleted: z.string() }) }
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
