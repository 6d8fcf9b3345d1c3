import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Help → README: the README the app carries (the packaged app includes it, see electron-builder.yml; in
 * development it is the checkout's), as a file: URL for `shell.openExternal`; undefined when it is missing.
 */
export function readmeUrl(appPath: string, exists: (file: string) => boolean = existsSync): string | undefined {
  const local = path.join(appPath, 'README.md')
  return exists(local) ? pathToFileURL(local).href : undefined
}
