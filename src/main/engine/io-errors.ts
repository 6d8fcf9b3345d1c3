import { MeridianError } from '../../shared/errors.ts'

/**
 * Gives a file-system or LevelDB write failure a stable code: permissions and read-only mounts are READ_ONLY,
 * everything else (disk full, I/O errors, a file removed under us) is IO_ERROR. MeridianErrors pass through.
 */
export function toIoError(error: unknown, doing: string): MeridianError {
  if (error instanceof MeridianError) return error
  const errno = (error as NodeJS.ErrnoException).code ?? (error as { cause?: NodeJS.ErrnoException }).cause?.code
  const message = error instanceof Error ? error.message : String(error)
  if (errno === 'LEVEL_CORRUPTION' || /^corruption:/i.test(message)) {
    return new MeridianError('CORRUPT_DATABASE', `Cannot ${doing}: the store is corrupt (${message}). Restore a verified backup.`, { cause: error })
  }
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS' || /permission denied|read-only/i.test(message)) {
    return new MeridianError('READ_ONLY', `Cannot ${doing}: ${message}`, { cause: error })
  }
  return new MeridianError('IO_ERROR', `Cannot ${doing}: ${message}`, { cause: error })
}
