import { stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { MeridianError } from '../../shared/errors.ts'
import { type HistoryEntry, type MigrationHistory, migrationHistorySchema } from '../../shared/history.ts'
import { ADMIN_KEY_PREFIX, MIGRATION_HISTORY_KEY, SCHEMA_VERSION_KEY } from './constants.ts'
import { faultBeforeWrite, faultPoint } from './fault-injection.ts'
import { toIoError } from './io-errors.ts'

export type Db = ClassicLevel<Buffer, Buffer>
export type BatchOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer }

export interface OpenStoreOptions {
  /** Create the store when the directory holds none (demo, tests). Read commands never create. */
  createIfMissing?: boolean
  /** Version a store created here starts at. */
  initialVersion?: number
}

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

/** Keys no operation may replace from a backup: the history (which only grows) and our own bookkeeping. */
export function isPreservedKey(key: Buffer): boolean {
  return key.equals(HISTORY_KEY_BYTES) || key.subarray(0, ADMIN_PREFIX_BYTES.length).equals(ADMIN_PREFIX_BYTES)
}
const HISTORY_KEY_BYTES = utf8(MIGRATION_HISTORY_KEY)
const ADMIN_PREFIX_BYTES = utf8(ADMIN_KEY_PREFIX)

async function checkDirectory(dataDir: string, create: boolean): Promise<void> {
  let info
  try {
    info = await stat(dataDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (create) return
      throw new MeridianError('DATA_DIR_NOT_FOUND', `Data directory not found: ${dataDir}`)
    }
    throw new MeridianError('READ_ONLY', `Cannot read ${dataDir}: ${(error as Error).message}`, { cause: error })
  }
  if (!info.isDirectory()) throw new MeridianError('NOT_A_DIRECTORY', `Not a directory: ${dataDir}`)
  if (!create && !existsSync(path.join(dataDir, 'CURRENT'))) {
    throw new MeridianError('NOT_A_DATABASE', `Not a LevelDB store (no CURRENT file): ${dataDir}`)
  }
}

/** Maps classic-level's open errors to our codes, keeping the original as the cause. */
function openError(dataDir: string, error: unknown): MeridianError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const text = `${(error as Error).message ?? ''} ${cause?.message ?? ''}`
  // Permissions first: a refused LOCK file ("…/LOCK: Operation not permitted") is not another process's lock.
  if (/permission denied|operation not permitted|read-only file system|EACCES|EPERM|EROFS/i.test(text)) {
    return new MeridianError('READ_ONLY', `The store cannot be opened for writing (${cause?.message ?? text.trim()}): ${dataDir}`, { cause: error })
  }
  if (cause?.code === 'LEVEL_LOCKED' || /LOCK: (already held|resource temporarily unavailable)/i.test(text)) {
    return new MeridianError('DATABASE_LOCKED', `The store is locked by another process (Meridian itself may be running): ${dataDir}`, { cause: error })
  }
  if (cause?.code === 'LEVEL_CORRUPTION' || /corrupt/i.test(text)) {
    return new MeridianError('CORRUPT_DATABASE', `The store is corrupt: ${dataDir} (${cause?.message ?? text.trim()})`, { cause: error })
  }
  if (/does not exist|create_if_missing/i.test(text)) {
    return new MeridianError('NOT_A_DATABASE', `Not a LevelDB store: ${dataDir}`, { cause: error })
  }
  return new MeridianError('CORRUPT_DATABASE', `The store could not be opened: ${dataDir} (${text.trim()})`, { cause: error })
}

/**
 * LevelDB memory-maps every table file its table cache holds open (up to 1000 by default), and those pages count
 * in the process's RSS: a full scan of a 1M-record store had left ~370 MB mapped. A small table cache bounds that
 * to ~40 tables (~80 MB at LevelDB's 2 MB tables); a streamed pass reads tables in order, so reopening costs little.
 */
export const MAX_OPEN_FILES = 50

/**
 * An open Meridian store: the LevelDB handle (raw bytes for keys and values, so keys and records that are not
 * ours round-trip byte for byte), the version and history keys, and an in-process gate so only one long
 * operation runs on it at a time.
 */
export class MeridianStore {
  private operation: string | null = null

  private constructor(
    readonly dataDir: string,
    readonly db: Db
  ) {}

  static async open(dataDir: string, options: OpenStoreOptions = {}): Promise<MeridianStore> {
    const resolved = path.resolve(dataDir)
    const create = options.createIfMissing === true
    await checkDirectory(resolved, create)
    const existed = existsSync(path.join(resolved, 'CURRENT'))
    const db: Db = new ClassicLevel(resolved, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: create, maxOpenFiles: MAX_OPEN_FILES })
    try {
      await db.open()
    } catch (error) {
      throw openError(resolved, error)
    }
    const store = new MeridianStore(resolved, db)
    if (create && !existed && options.initialVersion !== undefined) {
      await store.db.put(utf8(SCHEMA_VERSION_KEY), utf8(JSON.stringify(options.initialVersion)), { sync: true })
    }
    return store
  }

  async close(): Promise<void> {
    if (this.db.status === 'open') await this.db.close()
  }

  async getText(key: string): Promise<string | undefined> {
    let value
    try {
      value = await this.db.get(utf8(key))
    } catch (error) {
      throw toIoError(error, `read ${key} from ${this.dataDir}`)
    }
    return value === undefined ? undefined : value.toString('utf8')
  }

  /** `_schema_version`; a store without it is v1 (Meridian's oldest stores never wrote it). */
  async readVersion(): Promise<number> {
    const text = await this.getText(SCHEMA_VERSION_KEY)
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

  /** The parsed history; `undefined` when absent, `null` when present but unreadable. */
  private async loadHistory(): Promise<{ text: string; history: MigrationHistory | null } | undefined> {
    const text = await this.getText(MIGRATION_HISTORY_KEY)
    if (text === undefined) return undefined
    try {
      const parsed = migrationHistorySchema.safeParse(JSON.parse(text))
      return { text, history: parsed.success ? parsed.data : null }
    } catch {
      return { text, history: null }
    }
  }

  /** `_migration_history`; CORRUPT_DATABASE when it cannot be read, so no operation starts on top of it. */
  async readHistory(): Promise<HistoryEntry[]> {
    const loaded = await this.loadHistory()
    if (loaded && !loaded.history) {
      throw new MeridianError('CORRUPT_DATABASE', `${MIGRATION_HISTORY_KEY} is not a readable migration history`)
    }
    return loaded?.history?.migrations ?? []
  }

  /**
   * Appends `entry` to the history (and sets the version) in one synced batch: the commit point of an operation.
   * With `salvageUnreadable` (restores, which must work on damaged stores) an unreadable history is moved aside
   * to an `_admin:` key, byte for byte, and a new history starts; otherwise it is CORRUPT_DATABASE.
   */
  async commitHistory(
    entry: HistoryEntry,
    version?: number,
    options: { salvageUnreadable?: boolean; extraOps?: readonly BatchOp[] } = {}
  ): Promise<void> {
    const loaded = await this.loadHistory()
    const ops: BatchOp[] = []
    let history: MigrationHistory = { migrations: [] }
    if (loaded?.history) history = loaded.history
    else if (loaded && options.salvageUnreadable) {
      ops.push({ type: 'put', key: utf8(`${ADMIN_KEY_PREFIX}unreadable-history:${entry.started_at}`), value: utf8(loaded.text) })
    } else if (loaded) {
      throw new MeridianError('CORRUPT_DATABASE', `${MIGRATION_HISTORY_KEY} is not a readable migration history`)
    }
    ops.push({
      type: 'put',
      key: utf8(MIGRATION_HISTORY_KEY),
      value: utf8(JSON.stringify({ ...history, migrations: [...history.migrations, entry] }))
    })
    if (version !== undefined) ops.push({ type: 'put', key: utf8(SCHEMA_VERSION_KEY), value: utf8(JSON.stringify(version)) })
    ops.push(...(options.extraOps ?? []))
    faultPoint('commit.before')
    faultBeforeWrite('commit')
    await this.db.batch(ops, { sync: true })
    faultPoint('commit.after')
  }

  /**
   * Runs `work` as this store's only operation; a second one started meanwhile fails at once with BUSY rather
   * than queueing behind a migration that may take minutes.
   */
  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.operation) {
      throw new MeridianError('BUSY', `Cannot ${name}: a ${this.operation} is already running on ${this.dataDir}`)
    }
    this.operation = name
    try {
      return await work()
    } finally {
      this.operation = null
    }
  }

  get runningOperation(): string | null {
    return this.operation
  }
}
