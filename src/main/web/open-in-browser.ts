import { spawn } from 'node:child_process'

/**
 * The command that opens `url` in a browser: $BROWSER when set (its first entry, as xdg-utils reads it: `%s` is
 * replaced by the address, or the address is added at the end); otherwise the platform's opener.
 */
export function browserCommand(url: string, variables: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): [string, ...string[]] {
  const chosen = variables.BROWSER?.split(':')[0]?.trim()
  if (chosen) {
    const words = chosen.split(/\s+/)
    const args = words.slice(1)
    const placed = args.some((word) => word.includes('%s'))
    return [words[0] as string, ...(placed ? args.map((word) => word.replaceAll('%s', url)) : [...args, url])]
  }
  if (platform === 'darwin') return ['open', url]
  // `start` is a shell built-in; its first quoted argument is a window title.
  if (platform === 'win32') return ['cmd', '/c', 'start', '""', url]
  return ['xdg-open', url]
}

/** Starts the browser on `url` without waiting for it; a browser that cannot start is said in one line, never fatal. */
export function openInBrowser(url: string, variables: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const [command, ...args] = browserCommand(url, variables)
  const cannot = (why: string): void => log(`Could not open a browser (${command}: ${why}); open the address above yourself`)
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', env: variables })
    child.once('error', (error) => cannot(error.message))
    child.unref()
  } catch (error) {
    cannot((error as Error).message)
  }
}
