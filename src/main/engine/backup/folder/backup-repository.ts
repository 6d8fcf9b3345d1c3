import { existsSync, realpathSync } from 'node:fs'
import { mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import { BACKUP_ID_PATTERN, type BackupInfo, type BackupKind } from '../../../../shared/backup.ts'
import { MeridianError } from '../../../../shared/errors.ts'
import { CHECKPOINT_EXTENSION, readCheckpointManifest } from '../../checkpoint/checkpoint-manifest.ts'
import { checkpointInfo } from '../../checkpoint/checkpoint-info.ts'
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

/** A backup the folder holds: its id, its kind, and its file (an archive) or folder (a checkpoint). */
export interface BackupLocation {
  id: string
  kind: BackupKind
  path: string
}

/**
 * The folder of backups for one or more stores: archives (`<id>.mbak` files) and checkpoints (`<id>.checkpoint`
 * folders) share one id space. Only names that are valid ids with either extension are backups; temporaries left
 * by an interrupted write never are.
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

  /** The folder checkpoint `id` is (or would be) in; INVALID_INPUT for anything that is not an id. */
  checkpointPathFor(id: string): string {
    return path.join(this.dir, `${path.basename(this.pathFor(id), BACKUP_EXTENSION)}${CHECKPOINT_EXTENSION}`)
  }

  /** Where backup `id` is and of which kind; BACKUP_NOT_FOUND when there is none with that id. */
  locate(id: string): BackupLocation {
    const file = this.pathFor(id)
    if (existsSync(file)) return { id, kind: 'archive', path: file }
    const folder = this.checkpointPathFor(id)
    if (existsSync(folder)) return { id, kind: 'checkpoint', path: folder }
    throw new MeridianError('BACKUP_NOT_FOUND', `No backup ${id} in ${this.dir}`)
  }

  /** The file of an existing archive; BACKUP_NOT_FOUND when there is none with that id. */
  existingPathFor(id: string): string {
    const file = this.pathFor(id)
    if (!existsSync(file)) throw new MeridianError('BACKUP_NOT_FOUND', `No backup ${id} in ${this.dir}`)
    return file
  }

  /**
   * A fresh id for `now` (or for the moment of backup `beside`), suffixed `_2`, `_3`… when that second is taken, claimed for this process (see
   * backup-claims.ts): no other writer, of this store or another sharing the folder, gets it until the claim is
   * released, which the writer does once its file is committed or discarded. Creates the folder.
   */
  async allocateId(now: Date | { beside: string } = new Date(), storeId?: string): Promise<string> {
    await mkdir(this.dir, { recursive: true })
    // `beside`: the id of another backup of the same moment (an archive of a checkpoint), so the two sort together.
    const stamp = now instanceof Date ? backupStamp(now) : now.beside.replace(/^(backup_\d{8}_\d{6})_\d+$/, '$1')
    const names = await readdir(this.dir)
    for (let n = 1; n < 10000; n++) {
      const id = n === 1 ? stamp : `${stamp}_${n}`
      const file = this.pathFor(id)
      // A temporary of the older naming (no claim) is a writer of this id too.
      const taken = existsSync(file) || existsSync(this.checkpointPathFor(id))
      if (taken || names.some((name) => isTemporaryOf(name, id))) continue
      if (!(await tryClaim(file, storeId))) continue
      // Committed and released between the check above and the claim: taken after all.
      if (!existsSync(file) && !existsSync(this.checkpointPathFor(id))) return id
      await releaseClaim(file)
    }
    throw new MeridianError('INTERNAL', `Too many backups in one second in ${this.dir}`)
  }

  /** Every backup in the folder, archives and checkpoints, newest first (ids sort by time). */
  async locations(): Promise<BackupLocation[]> {
    if (!existsSync(this.dir)) return []
    const found: BackupLocation[] = []
    for (const name of await readdir(this.dir)) {
      const kind = name.endsWith(BACKUP_EXTENSION) ? 'archive' : name.endsWith(CHECKPOINT_EXTENSION) ? 'checkpoint' : null
      if (kind === null) continue
      const id = name.slice(0, -(kind === 'archive' ? BACKUP_EXTENSION : CHECKPOINT_EXTENSION).length)
      if (BACKUP_ID_PATTERN.test(id)) found.push({ id, kind, path: path.join(this.dir, name) })
    }
    return found.sort((a, b) => compareIdsNewestFirst(a.id, b.id))
  }

  /** Every backup id in the folder, newest first. */
  async ids(): Promise<string[]> {
    return (await this.locations()).map((location) => location.id)
  }

  /**
   * Backups with their header (or manifest) facts; one whose ends are damaged (a checkpoint without a readable
   * manifest) is listed by `damaged`, not hidden. With `scope`, only that store's backups (backup-owner.ts);
   * `otherStores` counts the ones left out. `liveDir`: the store a checkpoint's size on disk is measured against.
   */
  async list(scope?: BackupScope, liveDir?: string): Promise<{ backups: BackupInfo[]; damaged: string[]; otherStores: number }> {
    const backups: BackupInfo[] = []
    const damaged: string[] = []
    let otherStores = 0
    for (const { id, kind, path: where } of await this.locations()) {
      try {
        if (kind === 'checkpoint') {
          const manifest = await readCheckpointManifest(where)
          if (scope !== undefined && !belongsTo(manifest, scope)) {
            otherStores++
            continue
          }
          backups.push(await checkpointInfo(where, manifest, liveDir))
          continue
        }
        const layout = await readBackupLayout(where, id)
        if (scope !== undefined && !belongsTo(layout.header, scope)) {
          otherStores++
          continue
        }
        backups.push({
          id,
          kind,
          createdAt: layout.header.createdAt,
          schemaVersion: layout.header.schemaVersion,
          records: layout.footer.records,
          bytes: layout.fileBytes,
          diskBytes: layout.fileBytes,
          verified: true,
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
