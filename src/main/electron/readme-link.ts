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

/** What opening the README needs of Electron's `shell` and `dialog`. */
export interface ReadmeOpening {
  shell: { openExternal(url: string): Promise<void> }
  dialog: { showErrorBox(title: string, content: string): void }
  log: { error(message: string): void }
}

/** Help → README: opens it with the system's viewer for it; says so when this build carries none. */
export function openReadme(appPath: string, { shell, dialog, log }: ReadmeOpening, exists?: (file: string) => boolean): void {
  const url = readmeUrl(appPath, exists)
  if (!url) {
    dialog.showErrorBox('Meridian Admin', 'This build carries no README.')
    return
  }
  shell.openExternal(url).catch((error: unknown) => log.error(`Could not open the README: ${(error as Error).message}`))
}
