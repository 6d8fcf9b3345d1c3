import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { RecentStores } from './store-session.ts'

export const MAX_RECENT_STORES = 10

const memorySchema = z.object({
  /** Most recent first; the first is the store opened last. */
  recent: z.array(z.string().min(1)).max(100)
})

/** The list in `file`, or an empty one when it is missing or unreadable (said on stderr unless `quiet`). */
async function readRecent(file: string, { quiet = false } = {}): Promise<string[]> {
  try {
    const parsed = memorySchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
    if (parsed.success) return parsed.data.recent.slice(0, MAX_RECENT_STORES)
    if (!quiet) console.error(`Ignoring ${file}: not a list of recent stores`)
  } catch (error) {
    if (!quiet && (error as NodeJS.ErrnoException).code !== 'ENOENT') console.error(`Ignoring ${file}: ${(error as Error).message}`)
  }
  return []
}

/**
 * The stores a person opened, most recent first, kept in a small JSON file: the desktop app's in its user-data
 * folder, the web host's in its state folder (see state-folder.ts). A missing or unreadable file is an empty memory
 * (it is a convenience, never a reason not to start).
 */
export class StoreMemory implements RecentStores {
  private constructor(
    private readonly file: string,
    private recent: string[]
  ) {}

  private readonly listeners = new Set<() => void>()

  static async load(file: string): Promise<StoreMemory> {
    return new StoreMemory(file, await readRecent(file))
  }

  /** The store opened last, if any. */
  last(): string | undefined {
    return this.recent[0]
  }

  list(): readonly string[] {
    return this.recent
  }

  async remember(dataDir: string): Promise<void> {
    const resolved = path.resolve(dataDir)
    // Read again first: another window of the app, or another web host, may have remembered a store since.
    const others = await readRecent(this.file, { quiet: true })
    this.recent = [...new Set([resolved, ...others, ...this.recent])].slice(0, MAX_RECENT_STORES)
    await mkdir(path.dirname(this.file), { recursive: true })
    // A name of this process's own: two processes writing at once each rename a whole file, never a mixture.
    const temporary = `${this.file}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify({ recent: this.recent }, null, 2)}\n`)
    await rename(temporary, this.file)
    for (const listener of [...this.listeners]) listener()
  }

  /** Called after each change to the list (the desktop menu's Open Recent is rebuilt); returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}
