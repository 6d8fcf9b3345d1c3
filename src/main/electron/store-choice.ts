/** Which store the desktop app opens at start, and why (shown in the log). */
export interface StoreChoice {
  dataDir: string | undefined
  source: 'argument' | 'environment' | 'last-opened' | 'demo'
}

/** `--NAME VALUE` or `--NAME=VALUE` anywhere in the arguments (Electron adds its own, which are ignored). */
function optionArgument(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === name) {
      const next = argv[i + 1]
      return next && !next.startsWith('--') ? next : undefined
    }
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1) || undefined
  }
  return undefined
}

/** `--data-dir DIR` or `--data-dir=DIR`. */
export const dataDirArgument = (argv: readonly string[]): string | undefined => optionArgument(argv, '--data-dir')

/** `--migrations DIR`: a migration set added to the built-in one. */
export const migrationsArgument = (argv: readonly string[]): string | undefined => optionArgument(argv, '--migrations')

/**
 * `--data-dir DIR`, else `MERIDIAN_DATA_DIR`, else the store opened last, else the demo store (dataDir
 * undefined: the caller creates it in the user-data folder on first run).
 */
export function chooseInitialStore(argv: readonly string[], env: Record<string, string | undefined>, lastOpened: string | undefined): StoreChoice {
  const argument = dataDirArgument(argv)
  if (argument) return { dataDir: argument, source: 'argument' }
  const fromEnv = env.MERIDIAN_DATA_DIR?.trim()
  if (fromEnv) return { dataDir: fromEnv, source: 'environment' }
  if (lastOpened) return { dataDir: lastOpened, source: 'last-opened' }
  return { dataDir: undefined, source: 'demo' }
}
