import os from 'node:os'
import path from 'node:path'
import { MeridianError } from '../../shared/errors.ts'

/**
 * The data directory a person typed or picked, as an absolute path: surrounding spaces trimmed and a leading `~`
 * taken as the home folder. A relative path is refused (INVALID_INPUT): relative to the host's own folder, which
 * the person in the browser never sees, it would open a store they did not mean.
 */
export function resolveTypedStorePath(typed: string, home = os.homedir()): string {
  const trimmed = typed.trim()
  if (trimmed === '') throw new MeridianError('INVALID_INPUT', 'Type the path of a data directory: the field is empty')
  const expanded = trimmed === '~' ? home : /^~[/\\]/.test(trimmed) ? path.join(home, trimmed.slice(2)) : trimmed
  if (!path.isAbsolute(expanded)) {
    throw new MeridianError('INVALID_INPUT', `Type the data directory's full path (starting with / or ~/): "${trimmed}" is relative`)
  }
  return path.resolve(expanded)
}
