import { execFile } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { cliEntry } from '../../helpers/cli-entry.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
/** What `node BIN …` runs: bin/meridian-admin.js, compiled once per test run when the tier builds it. */
export const BIN = cliEntry()

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the real CLI (`node bin/meridian-admin.js …`, or its build: see BIN) as a child process, the way a person
 * or script does: stdin is a pipe (never a terminal), so prompts are refused and progress is printed as plain
 * lines. It runs in this repository unless `cwd` says where (relative paths in `args` are then relative to it).
 */
export function runCli(args: readonly string[], options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? REPO, timeout: options.timeoutMs ?? 50_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', ...options.env } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`meridian-admin ${args.join(' ')} did not run: ${error.message}\n${stderr}`))
          return
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
      }
    )
  })
}

/** Parses stdout as the one JSON document `--json` promises (fails the test with the output when it is not). */
export function jsonOf<T = unknown>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T
  } catch {
    throw new Error(`stdout is not one JSON document:\n${run.stdout}\n--- stderr:\n${run.stderr}`)
  }
}

/** The backup file of `id` in `backupDir`, whatever extension the engine gives it. */
export async function backupFile(backupDir: string, id: string): Promise<string> {
  const name = (await readdir(backupDir)).find((file) => file.startsWith(`${id}.`))
  if (!name) throw new Error(`no file for ${id} in ${backupDir}`)
  return path.join(backupDir, name)
}

/** Flips every bit of the byte in the middle of a file. */
export async function flipMiddleByte(file: string): Promise<void> {
  const bytes = await readFile(file)
  const middle = Math.floor(bytes.length / 2)
  bytes[middle] = (bytes[middle] ?? 0) ^ 0xff
  await writeFile(file, bytes)
}
