import { z } from 'zod'

/** The closed set of error codes every side (engine, CLI, IPC, HTTP, UI) agrees on. */
export const errorCodeSchema = z.enum([
  'DATA_DIR_NOT_FOUND',
  'NOT_A_DIRECTORY',
  'NOT_A_DATABASE',
  'DATABASE_LOCKED',
  'STORE_IN_USE',
  'READ_ONLY',
  'CORRUPT_DATABASE',
  'VERSION_TOO_NEW',
  'NOT_A_MERIDIAN_STORE',
  'MIGRATION_PATH_MISSING',
  'MIGRATION_FAILED',
  'MIGRATION_SET_INVALID',
  'CANCELLED',
  'BACKUP_NOT_FOUND',
  'BACKUP_CORRUPT',
  'BACKUP_OF_ANOTHER_STORE',
  'BUSY',
  'IO_ERROR',
  'INVALID_INPUT',
  'ACCESS_DENIED',
  'DATA_LOSS_REFUSED',
  'STORE_ENGINE_UNAVAILABLE',
  'FORMAT_UPGRADE_REFUSED',
  'STORE_FORMAT_UNSUPPORTED',
  'PORT_IN_USE',
  'RECORD_NOT_FOUND',
  'RECORD_INVALID',
  'HOST_UNREACHABLE',
  'NO_STORE_OPEN',
  'INTERNAL'
])
export type ErrorCode = z.infer<typeof errorCodeSchema>

/** How an error crosses a boundary (IPC, HTTP, CLI --json): data, never a thrown object. */
export const errorShapeSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** The records the error is about (the one a migration failed on), so a host links to them without parsing the message. */
  keys: z.array(z.string()).optional()
})
export type ErrorShape = z.infer<typeof errorShapeSchema>

/** The one wording of VERSION_TOO_NEW (the seed's headline, then where each side stands), in every host. */
export function versionTooNewMessage(storeVersion: number, supportedVersion: number): string {
  return `Schema version is newer than supported: this Meridian Admin supports up to v${supportedVersion}; the store is at v${storeVersion}`
}

/** What a person is told to do about each code; shown under the specific message by the CLI and the UI. */
export const errorAdvice: Record<ErrorCode, string> = {
  DATA_DIR_NOT_FOUND: 'Check the path: nothing exists there.',
  NOT_A_DIRECTORY: 'Point at the data directory itself, not a file inside it.',
  NOT_A_DATABASE: 'This directory does not hold a LevelDB or RocksDB store.',
  DATABASE_LOCKED: 'Another process holds the store open. Meridian itself may be running: stop it, then try again.',
  STORE_IN_USE:
    'Another process has files of the store open (Meridian itself, most likely, which opens a store even when it cannot take its lock). Stop that process, then try again; nothing was written.',
  READ_ONLY: 'The store cannot be written: check the permissions of the directory and its files.',
  CORRUPT_DATABASE: 'The store is damaged. Restore a verified backup.',
  VERSION_TOO_NEW:
    'This Meridian Admin is older than the store: use a newer Meridian Admin, or load the migration set that reaches that version with --migrations DIR. Nothing was written.',
  NOT_A_MERIDIAN_STORE:
    "Check the path: this tool migrates the stores of Meridian's RocksDB era (schema v2). A later Meridian's SurrealDB store, or another program's, is left alone; `status` lists the key prefixes it holds.",
  MIGRATION_PATH_MISSING: 'No chain of registered migrations leads between these versions.',
  // The seed's first sentence; never "report this issue": a record that fails is a data problem, not a bug of ours.
  MIGRATION_FAILED:
    'Database has been rolled back to previous state; nothing was changed. The message names the record that failed and why: look at it with `get DIR KEY` (or in the Records panel), fix it, then migrate again. A transform that threw is a bug in that migration.',
  MIGRATION_SET_INVALID:
    'Check the folder given with --migrations: each module must default-export a function that takes the migration kit and returns an array of migrations made with kit.defineMigration (see examples/migrations/). Nothing was changed.',
  CANCELLED: 'The operation was cancelled; the store is as it was before it started.',
  BACKUP_NOT_FOUND: 'List the backups to see which ids exist.',
  BACKUP_CORRUPT: 'This backup file is damaged and cannot be trusted. Choose another backup.',
  BACKUP_OF_ANOTHER_STORE:
    'The backup folder is shared with other stores and this backup was taken of another one. Choose one of this store’s backups (`backups DIR` lists them), or pass --any-store to restore it anyway. Nothing was changed.',
  BUSY: 'Another operation is running on this store. Wait for it to finish.',
  IO_ERROR: 'A disk operation failed (disk full, or an I/O error). Free space or check the disk, then try again.',
  INVALID_INPUT: 'Check the request and try again.',
  ACCESS_DENIED: 'Open the address the host printed when it started (it ends in ?token=…), in a browser on this machine.',
  DATA_LOSS_REFUSED: 'Pass --allow-data-loss to migrate anyway; a backup is taken first.',
  STORE_ENGINE_UNAVAILABLE:
    'This is a RocksDB store and the optional package @nxtedition/rocksdb is not installed (prebuilt for linux-x64 and darwin-arm64): run `npm install @nxtedition/rocksdb` on a supported platform.',
  STORE_FORMAT_UNSUPPORTED:
    "This tool's RocksDB binding reads ZSTD-compressed and uncompressed tables only, not Snappy (RocksDB's default); it reads a Snappy store through a private copy that RocksDB's ldb tool recompresses. The message says which step failed here and what would fix it.",
  FORMAT_UPGRADE_REFUSED:
    'Writing would upgrade the store to a newer RocksDB format that older Meridian builds may no longer open. Pass --allow-format-upgrade to go ahead; a backup is taken first.',
  RECORD_NOT_FOUND: 'Check the key (keys are exact and case-sensitive): `records DIR --prefix P` lists the keys under a prefix.',
  RECORD_INVALID:
    'The value does not hold for its version: the message says which fields and why. Fix it and try again, or, in the CLI, pass --force to write it as it is (the app saves only a value that validates). Nothing was written.',
  PORT_IN_USE: 'Another program is listening on that port: give another with --port P, or leave --port out to take a free one.',
  // Made by the page itself when a call gets no answer at all: not the disk, not the data.
  HOST_UNREACHABLE:
    'The page cannot reach the Meridian Admin host: it may have stopped. It is retried every few seconds; start the host again (if it comes back on another port or with a new token, open the address it prints).',
  NO_STORE_OPEN: 'Open a data directory first: type its path, or choose one of the recent stores.',
  INTERNAL: 'An unexpected error occurred. Please report this issue.'
}

/**
 * The one error class of Meridian Admin. `code` is stable (tests, scripts and the UI branch on it);
 * `message` names what is wrong in this instance (a path, a key, a field).
 */
export class MeridianError extends Error {
  override readonly name = 'MeridianError'
  /** The records it is about (see ErrorShape.keys); empty when it is about none in particular. */
  readonly keys: readonly string[]
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; keys?: readonly string[] }
  ) {
    super(message, options)
    this.keys = options?.keys ?? []
  }

  toShape(): ErrorShape {
    return this.keys.length > 0 ? { code: this.code, message: this.message, keys: [...this.keys] } : { code: this.code, message: this.message }
  }
}

/** Turns anything thrown into the boundary shape; unknown errors become INTERNAL with their message. */
export function toErrorShape(error: unknown): ErrorShape {
  if (error instanceof MeridianError) return error.toShape()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message }
}

/** The single text shown for an error, by the CLI and the UI alike. */
export function formatError(error: ErrorShape): string {
  return `${error.message}\n${errorAdvice[error.code]}`
}
