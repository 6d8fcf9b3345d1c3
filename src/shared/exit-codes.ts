import type { ErrorCode } from './errors.ts'

/** 0: done. 1: the operation ran and failed (rolled back, cancelled, a backup is corrupt, a disk error). 2: bad usage or bad input. */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILED | typeof EXIT_USAGE

/** Every error code's exit status, in one place; a Record so a new code fails to compile until it is mapped. */
const exitCodes: Record<ErrorCode, ExitCode> = {
  DATA_DIR_NOT_FOUND: EXIT_USAGE,
  NOT_A_DIRECTORY: EXIT_USAGE,
  NOT_A_DATABASE: EXIT_USAGE,
  DATABASE_LOCKED: EXIT_USAGE,
  STORE_IN_USE: EXIT_USAGE,
  READ_ONLY: EXIT_USAGE,
  CORRUPT_DATABASE: EXIT_USAGE,
  VERSION_TOO_NEW: EXIT_USAGE,
  NOT_A_MERIDIAN_STORE: EXIT_USAGE,
  MIGRATION_PATH_MISSING: EXIT_USAGE,
  MIGRATION_SET_INVALID: EXIT_USAGE,
  BACKUP_NOT_FOUND: EXIT_USAGE,
  BACKUP_OF_ANOTHER_STORE: EXIT_USAGE,
  BUSY: EXIT_USAGE,
  INVALID_INPUT: EXIT_USAGE,
  ACCESS_DENIED: EXIT_USAGE,
  DATA_LOSS_REFUSED: EXIT_USAGE,
  STORE_ENGINE_UNAVAILABLE: EXIT_USAGE,
  FORMAT_UPGRADE_REFUSED: EXIT_USAGE,
  STORE_FORMAT_UNSUPPORTED: EXIT_USAGE,
  PORT_IN_USE: EXIT_USAGE,
  RECORD_NOT_FOUND: EXIT_USAGE,
  RECORD_INVALID: EXIT_USAGE,
  NO_STORE_OPEN: EXIT_USAGE,
  MIGRATION_FAILED: EXIT_FAILED,
  CANCELLED: EXIT_FAILED,
  BACKUP_CORRUPT: EXIT_FAILED,
  IO_ERROR: EXIT_FAILED,
  HOST_UNREACHABLE: EXIT_FAILED,
  INTERNAL: EXIT_FAILED
}

export function exitCodeFor(code: ErrorCode): ExitCode {
  return exitCodes[code]
}
