import { createHash } from 'node:crypto'
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { MeridianError } from '../../../../shared/errors.ts'
import type { BackupHeader } from '../file/backup-format.ts'

/**
 * Which store a backup belongs to, so stores that share one backup folder never list, prune, restore or recover
 * from each other's files.
 *
 * A store's id is its real path (symbolic links followed), hashed to 12 hex digits. It is derived, never stored
 * in the store: backups are taken from a read snapshot and a read must not write the store, and a copied store
 * folder would carry a stored id into the copy and make two stores one. A path does not survive a move, so a
 * backup also says whether it was written into its store's default folder (`<store>.backups`): a store owns the
 * backups of its own path, and in its own default folder also those written there as the default, so a store
 * moved or copied together with its default folder keeps its backups. Backups written before headers said
 * either (no `storeId`) belong to the store their `dataDir` names, or to the store whose default folder they are
 * in: no backup's owner is unknown.
 */
export type BackupOwnerFields = Pick<BackupHeader, 'storeId' | 'defaultFolder' | 'dataDir'>

/** A store as its backup folder sees it. */
export interface BackupScope {
  storeId: string
  /** The folder is the store's default one (`<store>.backups`), not one given with --backup-dir. */
  inDefaultFolder: boolean
}

/** The default backup folder: `<data-dir>.backups` beside the store, never inside it. */
export function defaultBackupDir(dataDir: string): string {
  return `${path.resolve(dataDir).replace(/[\\/]+$/, '')}.backups`
}

/** The store id of the store at `dataDir`. */
export function storeIdOf(dataDir: string): string {
  const absolute = path.resolve(dataDir)
  let real = absolute
  try {
    real = realpathSync.native(absolute)
  } catch {
    // Not there (any more): its path as written is all there is.
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 12)
}

export function scopeOf(dataDir: string, backupDir: string): BackupScope {
  return { storeId: storeIdOf(dataDir), inDefaultFolder: path.resolve(backupDir) === defaultBackupDir(dataDir) }
}

/** Whether the backup with `header` belongs to the store of `scope`. */
export function belongsTo(header: BackupOwnerFields, scope: BackupScope): boolean {
  if (header.storeId === undefined) return storeIdOf(header.dataDir) === scope.storeId || scope.inDefaultFolder
  return header.storeId === scope.storeId || (scope.inDefaultFolder && header.defaultFolder === true)
}

/** BACKUP_OF_ANOTHER_STORE unless backup `id` (with `header`) belongs to the store of `scope`. */
export function assertOwnBackup(id: string, header: BackupOwnerFields, scope: BackupScope, hint: string): void {
  if (belongsTo(header, scope)) return
  throw new MeridianError('BACKUP_OF_ANOTHER_STORE', `Backup ${id} is of another store (${header.dataDir}), not of this one${hint}`)
}
