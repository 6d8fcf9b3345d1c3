import { readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

const SNAPSHOT_PREFIX = 'meridian-admin-snapshot-'
/** `meridian-admin-snapshot-<pid>-XXXXXX`: a read snapshot, named for the process that took it (mkdtemp adds six). */
const OWNED = /^meridian-admin-snapshot-(\d+)-[A-Za-z0-9]{6}$/

/** Where this process's next read snapshot goes: mkdtemp's prefix, naming its pid. */
export function snapshotFolderPrefix(): string {
  return path.join(os.tmpdir(), `${SNAPSHOT_PREFIX}${process.pid}-`)
}

/** Whether a process with this pid runs (one we may not signal runs too). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the read snapshots of processes that no longer run: a process killed (SIGKILL, a crash, power off the
 * app) never removes its own, and each holds copies of the store's log and MANIFEST (megabytes, and the whole
 * store for a RocksDB one recompressed by ldb). Snapshots named without a pid (older builds) are left alone.
 * Returns the folders removed.
 */
export async function removeStaleSnapshots(dir = os.tmpdir()): Promise<string[]> {
  const removed: string[] = []
  for (const name of await readdir(dir).catch(() => [])) {
    const pid = Number(OWNED.exec(name)?.[1] ?? Number.NaN)
    if (!Number.isSafeInteger(pid) || pid === process.pid || isAlive(pid)) continue
    const folder = path.join(dir, name)
    await rm(folder, { recursive: true, force: true }).then(
      () => removed.push(folder),
      () => undefined
    )
  }
  return removed
}

let swept: Promise<unknown> | null = null

/** Once per process, before its first snapshot: the leftovers of dead processes go. A failure only leaves them. */
export function removeStaleSnapshotsOnce(): Promise<unknown> {
  swept ??= removeStaleSnapshots().catch(() => [])
  return swept
}
