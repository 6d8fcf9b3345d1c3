import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { expect } from 'vitest'
import { ADMIN_KEY_PREFIX, MIGRATION_HISTORY_KEY } from '../../src/main/engine/support/constants.ts'
import { MigrationManager } from '../../src/main/engine/operations/migration-manager.ts'
import { OPERATION_KEY } from '../../src/main/engine/operations/operation-record.ts'
import { MeridianStore } from '../../src/main/engine/store/store.ts'
import { migrationHistorySchema, type HistoryEntry } from '../../src/shared/history.ts'
import { cliEntry } from './cli-entry.ts'

// bin/meridian-admin.js, compiled once per test run when the tier builds it.
const BIN = cliEntry()

export interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs the real CLI in a child process with fault injection on; optionally SIGKILLs it after `killAfterMs`. */
export function runFaulty(args: readonly string[], faults: Record<string, string>, killAfterMs?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, MERIDIAN_ENABLE_FAULTS: '1', ...faults },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started })
    })
  })
}

/** SHA-256 of every key and value in order, without the history and `_admin:` keys (which operations may change). */
export async function contentHash(dataDir: string): Promise<string> {
  const db = new ClassicLevel<Buffer, Buffer>(dataDir, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: false })
  await db.open()
  const hash = createHash('sha256')
  try {
    for await (const [key, value] of db.iterator()) {
      const text = key.toString('utf8')
      if (text === MIGRATION_HISTORY_KEY || text.startsWith(ADMIN_KEY_PREFIX)) continue
      const lengths = Buffer.alloc(8)
      lengths.writeUInt32BE(key.length, 0)
      lengths.writeUInt32BE(value.length, 4)
      hash.update(lengths).update(key).update(value)
    }
  } finally {
    await db.close()
  }
  return hash.digest('hex')
}

/** The history's entries as stored, read raw (no engine, no recovery); none when there is no history. */
export async function historyOf(dataDir: string): Promise<HistoryEntry[]> {
  const db = new ClassicLevel<string, string>(dataDir, { createIfMissing: false })
  await db.open()
  try {
    const text = await db.get(MIGRATION_HISTORY_KEY)
    return text === undefined ? [] : migrationHistorySchema.parse(JSON.parse(text)).migrations
  } finally {
    await db.close()
  }
}

/**
 * An operation's outcome is whole only when its content and its record agree: the content after it with a new
 * history entry saying it succeeded, or the content before it with none saying so (`newEntries`: those the
 * operation added). Where the operation changes no content (a backup, a refused upgrade), the content alone says it.
 */
export function isBeforeOrAfter(outcome: { hash: string; newEntries: readonly HistoryEntry[] }, expected: { before: string; after: string }): boolean {
  const succeeded = outcome.newEntries.at(-1)?.success === true
  if (expected.after === expected.before) return outcome.hash === expected.before
  return (outcome.hash === expected.after && succeeded) || (outcome.hash === expected.before && !succeeded)
}

/**
 * What the next user of the store sees: open it through the engine (which recovers any interrupted operation),
 * then check the operation note is gone and every listed backup reads whole. Returns the content hash.
 */
export async function reopenAndCheck(dataDir: string): Promise<{ hash: string; recovered: string | null }> {
  const store = await MeridianStore.open(dataDir)
  let recovered: string | null
  try {
    const manager = new MigrationManager(store)
    recovered = (await manager.recoverFirst())?.outcome ?? null
    expect(await store.getText(OPERATION_KEY)).toBeUndefined()
    for (const backup of await manager.listBackups()) {
      const report = await manager.verifyBackup(backup.id)
      expect(report.problem, `listed backup ${backup.id} is damaged`).toBeNull()
    }
  } finally {
    await store.close()
  }
  return { hash: await contentHash(dataDir), recovered }
}

/** A fresh copy of a store and its backup folder, for one trial. */
export async function copyStore(template: string, root: string, name: string): Promise<string> {
  const dataDir = path.join(root, name)
  await cp(template, dataDir, { recursive: true })
  await cp(`${template}.backups`, `${dataDir}.backups`, { recursive: true }).catch(() => undefined)
  return dataDir
}

export async function tempRoot(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'meridian-crash-'))
}

export async function removeTrial(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true })
  await rm(`${dataDir}.backups`, { recursive: true, force: true })
}

/** Files in the backup folder, temporaries included. */
export async function backupFolderFiles(dataDir: string): Promise<string[]> {
  return (await readdir(`${dataDir}.backups`).catch(() => [])).sort()
}

/** The seed for random kill points: MERIDIAN_CRASH_SEED to replay, else a new one. Printed by each suite. */
export const crashSeed = Number(process.env.MERIDIAN_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31))

/** Counts kill trials and prints the figures the issue asks for: survived / tried, and how many needed recovery. */
export class KillTally {
  private tried = 0
  private survived = 0
  private recovered = 0
  constructor(private readonly label: string) {}
  record(ok: boolean, recovered: string | null): void {
    this.tried++
    if (ok) this.survived++
    if (recovered) this.recovered++
  }
  report(): string {
    const line = `${this.label}: ${this.survived} survived / ${this.tried} tried (${this.recovered} left an operation half-done that the next open recovered)`
    console.log(line)
    return line
  }
}
