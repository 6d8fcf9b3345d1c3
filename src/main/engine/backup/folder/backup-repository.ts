import { existsSync, realpathSync } from 'node:fs'
import { mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import { BACKUP_ID_PATTERN, type BackupInfo } from '../../../../shared/backup.ts'
import { MeridianError } from '../../../../shared/errors.ts'
import { BACKUP_EXTENSION } from '../file/backup-format.ts'
import { readBackupLayout } from '../file/backup-layout.ts'
import { isTemporaryOf, removeStaleTemporaries } from './backup-temporaries.ts'
import { releaseClaim, removeStaleClaims, tryClaim } from './backup-claims.ts'
import { belongsTo, type BackupScope } from './backup-owner.ts'

/** `backup_YYYYMMDD_HHMMSS` for a moment, in UTC (Meridian's `_backup_…` keys use the same stamp). */
export function backupStamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return (
    `backup_${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `_${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  )
}

export { defaultBackupDir } from './backup-owner.ts'

/**
 * Where `target` is once symbolic links are followed: its deepest existing ancestor resolved, the rest (folders
 * not made yet) appended as written.
 */
function resolvedThroughLinks(target: string): string {
  const absolute = path.resolve(target)
  const missing: string[] = []
  let existing = absolute
  for (;;) {
    try {
      return path.join(realpathSync.native(existing), ...missing.reverse())
    } catch {
      const parent = path.dirname(existing)
      if (parent === existing) return absolute
      missing.push(path.basename(existing))
      existing = parent
    }
  }
}

function isSameOrInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/**
 * Backups must survive whatever happens to the store, and LevelDB owns every file in its directory: a backup
 * folder equal to the store or inside it is refused (INVALID_INPUT), as written and once symbolic links on
 * either path are followed (a link outside the store that points into it).
 */
export function assertOutsideStore(dataDir: string, backupDir: string): void {
  const asWritten = isSameOrInside(path.resolve(dataDir), path.resolve(backupDir))
  if (asWritten || isSameOrInside(resolvedThroughLinks(dataDir), resolvedThroughLinks(backupDir))) {
    const through = asWritten ? '' : ' (through a symbolic link)'
    throw new MeridianError('INVALID_INPUT', `The backup folder ${backupDir} is inside the store ${dataDir}${through}: choose a folder outside it`)
  }
}

/**
 * The folder of backup files for one store. Only names that are valid ids with the backup extension are
 * backups; temporary files left by an interrupted write never are.
 */
export class BackupRepository {
  constructor(readonly dir: string) {}

  /** The path of backup `id`; INVALID_INPUT for anything that is not an id (path separators, `..`). */
  pathFor(id: string): string {
    if (!BACKUP_ID_PATTERN.test(id)) {
      throw new MeridianError('INVALID_INPUT', `"${id}" is not a backup id (expected something like backup_20240101_120000)`)
    }
    return path.join(this.dir, `${id}${BACKUP_EXTENSION}`)
  }

  /** The path of an existing backup; BACKUP_NOT_FOUND when there is none with that id. */
  existingPathFor(id: string): string {
    const file = this.pathFor(id)
    if (!existsSync(file)) throw new MeridianError('BACKUP_NOT_FOUND', `No backup ${id} in ${this.dir}`)
    return file
  }

  /**
   * A fresh id for `now`, suffixed `_2`, `_3`… when that second is taken, claimed for this process (see
   * backup-claims.ts): no other writer, of this store or another sharing the folder, gets it until the claim is
   * released, which the writer does once its file is committed or discarded. Creates the folder.
   */
  async allocateId(now: Date = new Date(), storeId?: string): Promise<string> {
    await mkdir(this.dir, { recursive: true })
    const stamp = backupStamp(now)
    const names = await readdir(this.dir)
    for (let n = 1; n < 10000; n++) {
      const id = n === 1 ? stamp : `${stamp}_${n}`
      const file = this.pathFor(id)
      // A temporary of the older naming (no claim) is a writer of this id too.
      if (existsSync(file) || names.some((name) => isTemporaryOf(name, id))) continue
      if (!(await tryClaim(file, storeId))) continue
      // Committed and released between the check above and the claim: taken after all.
      if (!existsSync(file)) return id
      await releaseClaim(file)
    }
    throw new MeridianError('INTERNAL', `Too many backups in one second in ${this.dir}`)
  }

  /** Every backup id in the folder, newest first (ids sort by time). */
  async ids(): Promise<string[]> {
    if (!existsSync(this.dir)) return []
    const names = await readdir(this.dir)
    return names
      .filter((name) => name.endsWith(BACKUP_EXTENSION))
      .map((name) => name.slice(0, -BACKUP_EXTENSION.length))
      .filter((id) => BACKUP_ID_PATTERN.test(id))
      .sort(compareIdsNewestFirst)
  }

  /**
   * Backups with their header facts; a file whose ends are damaged is listed by `damaged`, not hidden. With
   * `scope`, only that store's backups (backup-owner.ts); `otherStores` counts the ones left out.
   */
  async list(scope?: BackupScope): Promise<{ backups: BackupInfo[]; damaged: string[]; otherStores: number }> {
    const backups: BackupInfo[] = []
    const damaged: string[] = []
    let otherStores = 0
    for (const id of await this.ids()) {
      try {
        const layout = await readBackupLayout(this.pathFor(id), id)
        if (scope !== undefined && !belongsTo(layout.header, scope)) {
          otherStores++
          continue
        }
        backups.push({
          id,
          createdAt: layout.header.createdAt,
          schemaVersion: layout.header.schemaVersion,
          records: layout.footer.records,
          bytes: layout.fileBytes,
          reason: layout.header.reason
        })
      } catch (error) {
        if (!(error instanceof MeridianError) || error.code !== 'BACKUP_CORRUPT') throw error
        damaged.push(id)
      }
    }
    return { backups, damaged, otherStores }
  }

  /**
   * Removes temporary files a killed write of store `storeId` left behind (they were never backups); another
   * store's, and those of a process still running, stay. Returns the names removed.
   */
  async removeStaleTemporaries(storeId: string): Promise<string[]> {
    if (!existsSync(this.dir)) return []
    return [...(await removeStaleTemporaries(this.dir, storeId)), ...(await removeStaleClaims(this.dir, storeId))]
  }
}

/** `backup_20240101_120000_2` is newer than `backup_20240101_120000`. */
function compareIdsNewestFirst(a: string, b: string): number {
  const [stampA, nA] = splitId(a)
  const [stampB, nB] = splitId(b)
  if (stampA !== stampB) return stampA < stampB ? 1 : -1
  return nB - nA
}

function splitId(id: string): [string, number] {
  const match = /^(backup_\d{8}_\d{6})(?:_(\d+))?$/.exec(id)
  return [match?.[1] ?? id, Number(match?.[2] ?? 1)]
}
