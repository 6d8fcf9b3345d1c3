import { readdir, stat } from 'node:fs/promises'
import { MeridianError } from '../../../shared/errors.ts'
import type { StoreKind } from '../../../shared/store-status.ts'

/** What a path holds, read from its file names before anything opens it. */
export type DirectoryKind = StoreKind | 'missing' | 'empty' | 'unrecognised'

/**
 * RocksDB writes `OPTIONS-*` and `IDENTITY`, which LevelDB never does; both write `CURRENT` (naming the
 * MANIFEST) and a text `LOG`. So: either RocksDB file → rocksdb; CURRENT with a MANIFEST or LOG → leveldb.
 */
export function kindOfFiles(names: readonly string[]): DirectoryKind {
  if (names.length === 0) return 'empty'
  if (names.includes('IDENTITY') || names.some((name) => name.startsWith('OPTIONS-'))) return 'rocksdb'
  if (names.includes('CURRENT') && (names.includes('LOG') || names.some((name) => name.startsWith('MANIFEST-')))) return 'leveldb'
  return 'unrecognised'
}

/** The kind of store at `dataDir`; NOT_A_DIRECTORY for a file, READ_ONLY when it cannot be listed. */
export async function detectStoreKind(dataDir: string): Promise<DirectoryKind> {
  let info
  try {
    info = await stat(dataDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw new MeridianError('READ_ONLY', `Cannot read ${dataDir}: ${(error as Error).message}`, { cause: error })
  }
  if (!info.isDirectory()) throw new MeridianError('NOT_A_DIRECTORY', `Not a directory: ${dataDir}`)
  try {
    return kindOfFiles(await readdir(dataDir))
  } catch (error) {
    throw new MeridianError('READ_ONLY', `Cannot read ${dataDir}: ${(error as Error).message}`, { cause: error })
  }
}
