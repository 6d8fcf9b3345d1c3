import { existsSync } from 'node:fs'
import { link, lstat, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { MeridianError } from '../../../shared/errors.ts'
import { describeStoreHolders } from '../../../shared/store-status.ts'
import { syncDirectory } from '../backup/file/atomic-file.ts'
import { isProcessAlive } from '../backup/folder/backup-temporaries.ts'
import { faultBeforeWrite, faultPoint } from '../support/fault-injection.ts'
import { toIoError } from '../support/io-errors.ts'
import { ENGINE_FILE } from './store-files.ts'
import { findStoreHolders } from './store-holders.ts'
import { throwIfAborted } from './store-scan.ts'

/**
 * A crash-safe replacement of a store's directory by one built beside it (same parent, so every rename is atomic):
 * build `.<base>.incoming-<pid>`, write the journal `.<base>.swap.json` beside the store (not in it: the directory
 * itself is replaced), move the directory's extras (sub-stores such as `metrics/`, unknown files) into the new one,
 * rename the old directory to `.<base>.outgoing-<pid>` and the new one into its place, then remove the old one and
 * the journal. Until the journal is written nothing of the store has changed; once it is, every interrupted state
 * is rolled forward by settleInterruptedSwap, each step of which is idempotent.
 */

export type SwapOutcome = 'none' | 'completed' | 'discarded'

const JOURNAL_FORMAT = 1
const journalSchema = z.object({
  format: z.literal(JOURNAL_FORMAT),
  dataDir: z.string(),
  incoming: z.string(),
  outgoing: z.string(),
  pid: z.number().int().positive(),
  startedAt: z.string()
})
type SwapJournal = z.infer<typeof journalSchema>

/** File systems without hard links (FAT, some network shares) answer these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'])

/** The dataDirs this process is swapping right now: a journal naming this process is its own live swap only then. */
const active = new Set<string>()

interface SwapPaths {
  dataDir: string
  parent: string
  journal: string
  incoming: string
  outgoing: string
}

/**
 * Where this process builds a store meant to replace dataDir before its swap begins (an archive written out while
 * the live store is still in use): beside it, so the swap's rename stays on one file system, and named so that
 * what a killed build left is removed as a leftover.
 */
export function prebuiltFolderFor(dataDir: string): string {
  const resolved = path.resolve(dataDir)
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.prebuilt-${process.pid}`)
}

/** Path of the journal for dataDir (for tests and leftover checks). */
export function swapJournalPath(dataDir: string): string {
  const resolved = path.resolve(dataDir)
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.swap.json`)
}

function pathsFor(dataDir: string, pid: number): SwapPaths {
  const parent = path.dirname(dataDir)
  const base = path.basename(dataDir)
  return {
    dataDir,
    parent,
    journal: swapJournalPath(dataDir),
    incoming: path.join(parent, `.${base}.incoming-${pid}`),
    outgoing: path.join(parent, `.${base}.outgoing-${pid}`)
  }
}

/** The journal's temporary name says its writer, so one a killed writer left is known for a leftover. */
const journalTemporary = (paths: SwapPaths, pid: number): string => `${paths.journal}.${pid}.tmp`

async function exists(target: string): Promise<boolean> {
  try {
    await lstat(target)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

async function refuseIfHeld(dataDir: string): Promise<void> {
  const holders = await findStoreHolders(dataDir)
  if (holders.length > 0) {
    throw new MeridianError(
      'STORE_IN_USE',
      `Another process has files of the store open, so its directory was not replaced: ${describeStoreHolders(holders)}: ${dataDir}`
    )
  }
}

async function requireDirectory(dataDir: string): Promise<void> {
  const info = await lstat(dataDir).catch(() => null)
  // A symlink would be renamed itself, not the folder it names: the swap is given the real directory.
  if (info?.isSymbolicLink()) throw new MeridianError('INVALID_INPUT', `The store's directory is a symbolic link; give the directory it points to: ${dataDir}`)
  if (!info?.isDirectory()) throw new MeridianError('INVALID_INPUT', `Not a directory, so there is no store directory to replace: ${dataDir}`)
}

/**
 * Leftovers of swaps whose process is gone: incoming, outgoing and prebuilt folders, journal temporaries. Only called with no
 * journal, and only while the store is in place (with it missing, an outgoing folder may be the last copy of it).
 */
async function removeDeadLeftovers(dataDir: string): Promise<void> {
  if (!(await exists(dataDir))) return
  const base = path.basename(dataDir)
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const leftover = new RegExp(`^\\.${escaped}\\.(?:(?:incoming|outgoing|prebuilt)-(\\d+)|swap\\.json\\.(\\d+)\\.tmp)$`)
  const parent = path.dirname(dataDir)
  for (const name of await readdir(parent)) {
    const match = leftover.exec(name)
    const pid = Number(match?.[1] ?? match?.[2] ?? Number.NaN)
    if (!Number.isSafeInteger(pid) || isProcessAlive(pid)) continue
    await rm(path.join(parent, name), { recursive: true, force: true })
  }
}

/**
 * Writes the journal synced and puts it in place by hard link, which fails when a journal is there: two processes
 * swapping one directory at once (neither holds its files while building) cannot both go ahead; the second is BUSY.
 */
async function writeJournal(paths: SwapPaths): Promise<void> {
  const journal: SwapJournal = {
    format: JOURNAL_FORMAT,
    dataDir: paths.dataDir,
    incoming: paths.incoming,
    outgoing: paths.outgoing,
    pid: process.pid,
    startedAt: new Date().toISOString()
  }
  const temporary = journalTemporary(paths, process.pid)
  faultBeforeWrite('swap journal')
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(`${JSON.stringify(journal, null, 2)}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await link(temporary, paths.journal)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST' || (NO_LINKS.has(code) && existsSync(paths.journal))) {
      await unlink(temporary).catch(() => undefined)
      throw new MeridianError('BUSY', `Another process started replacing the store's directory meanwhile; nothing was changed: ${paths.dataDir}`)
    }
    if (!NO_LINKS.has(code)) throw error
    await rename(temporary, paths.journal)
  }
  await unlink(temporary).catch(() => undefined)
  try {
    await syncDirectory(paths.parent)
  } catch (error) {
    // Not known to be on disk, so not relied on: the swap stops here with the store untouched.
    await unlink(paths.journal).catch(() => undefined)
    throw error
  }
}

/** Reads the journal beside dataDir; null when there is none. CORRUPT_DATABASE when it cannot be trusted. */
async function readJournal(paths: SwapPaths): Promise<SwapJournal | null> {
  let text: string
  try {
    text = await readFile(paths.journal, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw toIoError(error, `read the directory swap journal ${paths.journal}`)
  }
  const unreadable = (why: string): MeridianError =>
    new MeridianError(
      'CORRUPT_DATABASE',
      `The journal of an interrupted replacement of the store's directory is unreadable (${why}): ${paths.journal}. ` +
        `Look beside the store for .${path.basename(paths.dataDir)}.incoming-<pid> (the new store) and .outgoing-<pid> (the old one), put the one you want at ${paths.dataDir}, then delete the journal.`
    )
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw unreadable('not JSON')
  }
  const parsed = journalSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw unreadable(issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid')
  }
  // Settling renames and removes the folders it names: only the swap's own names beside this store are trusted.
  const own = pathsFor(paths.dataDir, parsed.data.pid)
  if (path.basename(parsed.data.incoming) !== path.basename(own.incoming) || path.basename(parsed.data.outgoing) !== path.basename(own.outgoing)) {
    throw unreadable('it names folders that are not its own')
  }
  return parsed.data
}

/**
 * Moves every extra of the old directory (what is not an engine file: `metrics/`, notes) into the new one. An extra
 * whose name the new store already has stays in the old directory and is removed with it: the new store's copy
 * (the checkpoint's own) wins. Moved ones are gone from the old directory, so a second run moves only the rest.
 */
async function moveExtras(paths: SwapPaths): Promise<void> {
  const taken = new Set(await readdir(paths.incoming))
  let moved = 0
  for (const name of (await readdir(paths.dataDir)).sort()) {
    if (ENGINE_FILE.test(name) || taken.has(name)) continue
    await rename(path.join(paths.dataDir, name), path.join(paths.incoming, name))
    moved++
    faultPoint('swap.extras')
  }
  if (moved > 0) {
    await syncDirectory(paths.incoming)
    await syncDirectory(paths.dataDir)
  }
}

/** Steps 6–8 from whatever state the files are in; each is idempotent, so a kill anywhere here is finished by the next run. */
async function rollForward(paths: SwapPaths): Promise<SwapOutcome> {
  const incoming = await exists(paths.incoming)
  const dataDir = await exists(paths.dataDir)
  let outcome: SwapOutcome = 'completed'
  if (incoming) {
    if (dataDir) {
      await moveExtras(paths)
      await rename(paths.dataDir, paths.outgoing)
      faultPoint('swap.aside')
    }
    await rename(paths.incoming, paths.dataDir)
    await syncDirectory(paths.parent)
    faultPoint('swap.renamed')
  } else if (!dataDir) {
    // Never reached by the swap itself (incoming is only ever renamed to dataDir), but never leave the store missing.
    if (!(await exists(paths.outgoing))) {
      throw new MeridianError(
        'DATA_DIR_NOT_FOUND',
        `The store's directory, the one built to replace it and the one set aside are all missing: ${paths.dataDir}`
      )
    }
    await rename(paths.outgoing, paths.dataDir)
    outcome = 'discarded'
  }
  // The old directory and the journal go only once a store is in place: never the last copy of one.
  if (!(await exists(paths.dataDir))) throw new MeridianError('IO_ERROR', `The store's directory is missing after its replacement: ${paths.dataDir}`)
  await rm(paths.outgoing, { recursive: true, force: true })
  await rm(paths.journal, { force: true })
  await syncDirectory(paths.parent)
  faultPoint('swap.done')
  return outcome
}

/** `swapping`: this process is swapping dataDir right now, so a journal naming this very pid is not a dead one's. */
async function settle(dataDir: string, access: 'read' | 'write', swapping: boolean): Promise<SwapOutcome> {
  const found = pathsFor(dataDir, process.pid)
  const journal = await readJournal(found)
  if (journal === null) {
    if (access === 'write') await removeDeadLeftovers(dataDir)
    return 'none'
  }
  const present = await exists(dataDir)
  if (swapping || (journal.pid !== process.pid && isProcessAlive(journal.pid))) {
    if (access === 'read' && present) return 'none'
    const who = journal.pid === process.pid ? 'This process' : `Another process (pid ${journal.pid})`
    throw new MeridianError('BUSY', `${who} is replacing the store's directory; try again once it is done: ${dataDir}`)
  }
  // A read may change nothing unless the store is missing: then renaming the swap's own folders into place is the only way to read it.
  if (access === 'read' && present) return 'none'
  const paths = pathsFor(dataDir, journal.pid)
  const outcome = await rollForward(paths)
  if (access === 'write') await removeDeadLeftovers(dataDir)
  return outcome
}

/** Finishes or discards what a swap killed midway left; call before any open of dataDir. */
export async function settleInterruptedSwap(dataDir: string, access: 'read' | 'write'): Promise<SwapOutcome> {
  const resolved = path.resolve(dataDir)
  try {
    return await settle(resolved, access, active.has(resolved))
  } catch (error) {
    throw toIoError(error, `finish the interrupted replacement of the store's directory ${resolved} (its journal: ${swapJournalPath(resolved)})`)
  }
}

export interface SwapOptions {
  signal?: AbortSignal
  /**
   * Runs once the new store is built, before anything of dataDir changes: the caller closes its own handle on
   * dataDir here, so a long build (an archive written out) leaves the live store readable until the swap itself.
   */
  beforeSwap?: () => Promise<void>
}

/**
 * Replaces `dataDir` with a store built by `build(incoming)` in a fresh sibling folder. The caller's own handles on
 * dataDir are closed by the time the journal is written (before the build, or in `beforeSwap`). `build` syncs the
 * files it writes (copyStoreFiles does); the folder itself is synced here.
 */
export async function swapStoreDirectory(dataDir: string, build: (incoming: string) => Promise<void>, options: SwapOptions = {}): Promise<void> {
  const resolved = path.resolve(dataDir)
  if (active.has(resolved)) throw new MeridianError('BUSY', `The store's directory is already being replaced: ${resolved}`)
  active.add(resolved)
  try {
    await swapOwned(pathsFor(resolved, process.pid), build, options)
  } finally {
    active.delete(resolved)
  }
}

async function swapOwned(paths: SwapPaths, build: (incoming: string) => Promise<void>, { signal, beforeSwap }: SwapOptions): Promise<void> {
  const { dataDir } = paths
  try {
    await refuseIfHeld(dataDir)
    // Settled before the directory check: an interrupted swap may be what left dataDir missing.
    await settle(dataDir, 'write', false)
    await requireDirectory(dataDir)
    throwIfAborted(signal, 'The replacement of the store directory')
    await rm(paths.incoming, { recursive: true, force: true })
    await mkdir(paths.incoming)
  } catch (error) {
    throw toIoError(error, `prepare to replace the store's directory ${dataDir}`)
  }
  try {
    await build(paths.incoming)
    throwIfAborted(signal, 'The replacement of the store directory')
    await beforeSwap?.()
    await syncDirectory(paths.incoming)
    await syncDirectory(paths.parent)
    // Again: the build may have taken long enough for Meridian to open the store meanwhile.
    await refuseIfHeld(dataDir)
    faultPoint('swap.built')
    await writeJournal(paths)
  } catch (error) {
    // No journal: the store is untouched, and what was built goes.
    await rm(journalTemporary(paths, process.pid), { force: true }).catch(() => undefined)
    await rm(paths.incoming, { recursive: true, force: true }).catch(() => undefined)
    throw toIoError(error, `build the store that replaces ${dataDir}`)
  }
  faultPoint('swap.journal')
  try {
    await rollForward(paths)
  } catch (error) {
    throw toIoError(error, `replace the store's directory ${dataDir}; the next open of the store finishes it (journal: ${paths.journal})`)
  }
}
