import path from 'node:path'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled CLI entry build-cli.global.ts made for this run. */
    compiledCli: string
  }
}

/** bin/meridian-admin.js, which runs the build in lib/: what a person runs. */
export const SOURCE_BIN = path.resolve(import.meta.dirname, '../../bin/meridian-admin.js')

/**
 * The file a test starts as `node <file> …args` to run the real CLI: the build of lib/cli.js the tier's global
 * setup made from the sources for this run (so a test never runs a stale lib/), else bin/meridian-admin.js itself.
 */
export function cliEntry(): string {
  return (inject('compiledCli') as string | undefined) ?? SOURCE_BIN
}
