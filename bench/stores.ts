import { fork } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const BUILDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-store.ts')

/** Runs build-store.ts in a child node (through tsx) and returns what it reports. */
function buildInChild(dir: string, tasks: number): Promise<{ episodes: number; keys: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(BUILDER, [dir, String(tasks)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let result: { episodes: number; keys: number; seconds: number } | null = null
    child.on('message', (message) => {
      result = message as { episodes: number; keys: number; seconds: number }
    })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`bench: building the ${tasks}-task store failed (exit ${code})`))))
  })
}

/**
 * Demo v1 stores for the benchmark. One store is built per size (the slow part: generating realistic tasks), then
 * copied file by file for every measurement that writes, so each starts from the same bytes. Copying a LevelDB
 * directory is much faster than generating it again (both are measured and reported).
 */
export class BenchStores {
  private constructor(readonly root: string) {}

  static async create(): Promise<BenchStores> {
    return new BenchStores(await mkdtemp(path.join(os.tmpdir(), 'meridian-bench-')))
  }

  /**
   * Builds the template store of `tasks` v1 tasks (and the demo's tenth as many episodes) in a child process, so
   * the memory generating them takes never shows in the measurements' RSS; returns its dir.
   */
  async build(tasks: number): Promise<{ dir: string; seconds: number; episodes: number; keys: number }> {
    const dir = path.join(this.root, `template-${tasks}`)
    const result = await buildInChild(dir, tasks)
    return { dir, seconds: result.seconds, episodes: result.episodes, keys: result.keys }
  }

  /** A fresh copy of `template` in its own folder (a store dir, plus room beside it for backups). */
  async copy(template: string, label: string): Promise<{ dataDir: string; backupDir: string; seconds: number }> {
    const folder = await mkdtemp(path.join(this.root, `${label}-`))
    const dataDir = path.join(folder, 'store')
    const started = performance.now()
    await cp(template, dataDir, { recursive: true })
    return { dataDir, backupDir: path.join(folder, 'backups'), seconds: (performance.now() - started) / 1000 }
  }

  /** Removes one copy (the folder holding its store and backups) to keep the disk footprint bounded. */
  async discard(dataDir: string): Promise<void> {
    await rm(path.dirname(dataDir), { recursive: true, force: true })
  }

  async removeAll(): Promise<void> {
    await rm(this.root, { recursive: true, force: true })
  }
}
