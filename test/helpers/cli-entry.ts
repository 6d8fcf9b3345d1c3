import path from 'node:path'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled CLI entry build-cli.global.ts made for this run. */
    compiledCli: string
  }
}

/** bin/meridian-admin.js, which runs the CLI from its sources through tsx: what a person runs. */
export const SOURCE_BIN = path.resolve(import.meta.dirname, '../../bin/meridian-admin.js')

/**
 * The file a test starts as `node <file> …args` to run the real CLI: the compiled build of bin/meridian-admin.js
 * when the tier's global setup made one (a start then costs a fraction of tsx compiling the sources each time),
 * else bin/meridian-admin.js itself.
 */
export function cliEntry(): string {
  return (inject('compiledCli') as string | undefined) ?? SOURCE_BIN
}
