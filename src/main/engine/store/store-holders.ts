import { readdir, readFile, readlink, realpath } from 'node:fs/promises'
import path from 'node:path'
import type { StoreHolder } from '../../../shared/store-status.ts'

/** Where Linux lists every process and its open files; absent on macOS and Windows, where nothing is detected. */
const PROC = '/proc'

/** Long enough to tell `meridian --data-dir …` from another program; a command line can be megabytes. */
const COMMAND_LIMIT = 300

/**
 * A pid's command line as `ps` would show it (arguments are NUL-separated; runs of white space become one space,
 * so it fits on one line of an error), cut at COMMAND_LIMIT; the process name when it has none (a kernel thread).
 */
async function commandOf(pid: number): Promise<string> {
  try {
    const cmdline = (await readFile(path.join(PROC, String(pid), 'cmdline'), 'utf8')).replace(/[\0\s]+/g, ' ').trim()
    if (cmdline) return cmdline.length > COMMAND_LIMIT ? `${cmdline.slice(0, COMMAND_LIMIT)}…` : cmdline
    return (await readFile(path.join(PROC, String(pid), 'comm'), 'utf8')).trim()
  } catch {
    return '(exited)'
  }
}

/** Whether one of `pid`'s open files lies in `dir` (or is `dir` itself); races with the process ending are misses. */
async function holdsFileIn(pid: number, dir: string): Promise<boolean> {
  const fdDir = path.join(PROC, String(pid), 'fd')
  let fds: string[]
  try {
    fds = await readdir(fdDir)
  } catch {
    return false // EACCES (another user's process), ENOENT (it ended): not ours to see
  }
  const inside = `${dir}${path.sep}`
  for (const fd of fds) {
    let target: string
    try {
      target = await readlink(path.join(fdDir, fd))
    } catch {
      continue // the fd closed meanwhile
    }
    if (target === dir || target.startsWith(inside)) return true
  }
  return false
}

/**
 * Every other process that has a file of the store at `dataDir` open, found from `/proc/*\/fd` on Linux (our own
 * pid is skipped: the store this process opened is not "another process"). Meridian deletes a LOCK file it cannot
 * take and opens the store anyway, so the lock alone does not keep it out while we write. Elsewhere (no /proc)
 * the answer is always empty: only the lock protects the store there.
 */
export async function findStoreHolders(dataDir: string): Promise<StoreHolder[]> {
  let dir: string
  let entries: string[]
  try {
    dir = await realpath(dataDir)
    entries = await readdir(PROC)
  } catch {
    return []
  }
  const pids = entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid)
  const holders: StoreHolder[] = []
  // A bounded fan-out: one pid's fd table at a time per lane keeps the open file handles few on a busy machine.
  const LANES = 16
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < pids.length) {
      const pid = pids[next++] as number
      if (await holdsFileIn(pid, dir)) holders.push({ pid, command: await commandOf(pid) })
    }
  }
  await Promise.all(Array.from({ length: LANES }, lane))
  return holders.sort((a, b) => a.pid - b.pid)
}
