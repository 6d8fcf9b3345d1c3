import type { ErrorCode } from '../../shared/errors.ts'

/** The HTTP status of each error code, in one table (the body always carries the code itself). */
export const httpStatusByCode: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  // 401 for a missing or wrong token, 403 for a foreign Host or Origin: web-host.ts says which.
  ACCESS_DENIED: 403,
  DATA_DIR_NOT_FOUND: 404,
  BACKUP_NOT_FOUND: 404,
  BUSY: 409,
  BACKUP_OF_ANOTHER_STORE: 409,
  DATABASE_LOCKED: 409,
  STORE_IN_USE: 409,
  CANCELLED: 409,
  DATA_LOSS_REFUSED: 409,
  FORMAT_UPGRADE_REFUSED: 409,
  STORE_FORMAT_UNSUPPORTED: 422,
  NOT_A_DIRECTORY: 422,
  NOT_A_DATABASE: 422,
  READ_ONLY: 422,
  CORRUPT_DATABASE: 422,
  VERSION_TOO_NEW: 422,
  NOT_A_MERIDIAN_STORE: 422,
  MIGRATION_PATH_MISSING: 422,
  MIGRATION_FAILED: 422,
  MIGRATION_SET_INVALID: 422,
  BACKUP_CORRUPT: 422,
  IO_ERROR: 500,
  STORE_ENGINE_UNAVAILABLE: 501,
  PORT_IN_USE: 409,
  RECORD_NOT_FOUND: 404,
  RECORD_INVALID: 422,
  NO_STORE_OPEN: 409,
  // Never sent by a host (the page makes it when no host answers); mapped for completeness.
  HOST_UNREACHABLE: 503,
  INTERNAL: 500
}
