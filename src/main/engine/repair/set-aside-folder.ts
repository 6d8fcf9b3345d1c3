import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../../shared/errors.ts'
import type { SetAsideArchiveInfo } from '../../../shared/repair.ts'
import { toIoError } from '../support/io-errors.ts'
import { readSetAsideArchive, setAsideFolderOf } from './set-aside-archive.ts'

/** An archive's file name as a host may name it: one plain name in that folder, never a path. */
const ARCHIVE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.jsonl$/

/**
 * The archives in the store's set-aside folder, newest first: each with its header and, so a person can tell one
 * already put back from one still waiting, how many of its keys the store holds again (`inStore`). An archive
 * that cannot be read is listed with the reason instead of hidden.
 */
export async function listSetAsideArchives(dataDir: string, hasKey: (key: string) => Promise<boolean>): Promise<SetAsideArchiveInfo[]> {
  const folder = setAsideFolderOf(dataDir)
  let names: string[]
  try {
    names = (await readdir(folder)).filter((name) => ARCHIVE_NAME.test(name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw toIoError(error, `list the set-aside folder ${folder}`)
  }
  const listed: SetAsideArchiveInfo[] = []
  for (const name of names) {
    const file = path.join(folder, name)
    try {
      const { header, records } = await readSetAsideArchive(file)
      let inStore = 0
      for (const record of records) if (await hasKey(record.key)) inStore++
      listed.push({
        name,
        path: file,
        createdAt: header.createdAt,
        schemaVersion: header.schemaVersion,
        backupId: header.backupId,
        keys: records.map((record) => record.key),
        inStore,
        problem: null
      })
    } catch (error) {
      if (!(error instanceof MeridianError)) throw error
      listed.push({ name, path: file, createdAt: null, schemaVersion: null, backupId: null, keys: [], inStore: 0, problem: error.message })
    }
  }
  return listed.sort((a, b) => b.name.localeCompare(a.name))
}

/** The archive `name` names in the store's set-aside folder; INVALID_INPUT for anything but a plain archive name. */
export function setAsideArchivePath(dataDir: string, name: string): string {
  if (!ARCHIVE_NAME.test(name)) {
    throw new MeridianError(
      'INVALID_INPUT',
      `${JSON.stringify(name).slice(0, 80)} is not a set-aside archive's name (set-aside_….jsonl in ${setAsideFolderOf(dataDir)})`
    )
  }
  return path.join(setAsideFolderOf(dataDir), name)
}
