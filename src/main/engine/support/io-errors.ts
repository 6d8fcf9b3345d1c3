import { MeridianError } from '../../../shared/errors.ts'

/** RocksDB's answer when a table uses a compression its build lacks (the binding has ZSTD, not Snappy). */
const UNSUPPORTED_COMPRESSION = /unsupported compression method/i

/** `hint`, when given, ends the message with what would make the store readable. */
export function unsupportedCompression(doing: string, error: unknown, hint?: string): MeridianError {
  const message = error instanceof Error ? error.message : String(error)
  const advice = hint ? `. ${hint}` : ''
  return new MeridianError('STORE_FORMAT_UNSUPPORTED', `Cannot ${doing}: its tables use a compression this tool's RocksDB cannot read (${message})${advice}`, {
    cause: error
  })
}

/** Whether `error` (or its cause, or our coded form of it) says a table uses a compression the build lacks. */
export function isUnsupportedCompression(error: unknown): boolean {
  if (error instanceof MeridianError && error.code === 'STORE_FORMAT_UNSUPPORTED') return true
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause
  return UNSUPPORTED_COMPRESSION.test(`${(error as Error | null)?.message ?? ''} ${String(cause?.message ?? '')}`)
}

/** Whether an engine's or the file system's message says the disk is full. */
export function isDiskFull(text: string): boolean {
  return /no space left on device|ENOSPC|disk quota exceeded|EDQUOT/i.test(text)
}

/**
 * Gives a file-system or LevelDB write failure a stable code: permissions and read-only mounts are READ_ONLY,
 * everything else (disk full, I/O errors, a file removed under us) is IO_ERROR. MeridianErrors pass through.
 */
export function toIoError(error: unknown, doing: string): MeridianError {
  if (error instanceof MeridianError) return error
  const errno = (error as NodeJS.ErrnoException).code ?? (error as { cause?: NodeJS.ErrnoException }).cause?.code
  const message = error instanceof Error ? error.message : String(error)
  if (UNSUPPORTED_COMPRESSION.test(message)) return unsupportedCompression(doing, error)
  if (errno === 'ENOSPC' || errno === 'EDQUOT' || isDiskFull(message)) {
    return new MeridianError('IO_ERROR', `Cannot ${doing}: the disk is full (${message}); free space, then try again`, { cause: error })
  }
  if (errno === 'LEVEL_CORRUPTION' || /^corruption:/i.test(message)) {
    return new MeridianError('CORRUPT_DATABASE', `Cannot ${doing}: the store is corrupt (${message}). Restore a verified backup.`, { cause: error })
  }
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS' || /permission denied|read-only/i.test(message)) {
    return new MeridianError('READ_ONLY', `Cannot ${doing}: ${message}`, { cause: error })
  }
  return new MeridianError('IO_ERROR', `Cannot ${doing}: ${message}`, { cause: error })
}
