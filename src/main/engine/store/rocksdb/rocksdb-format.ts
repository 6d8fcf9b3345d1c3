import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../../../shared/errors.ts'

/** The newest `OPTIONS-<number>` file of a RocksDB directory (RocksDB keeps the last two); null when none. */
export async function newestOptionsFile(dataDir: string): Promise<string | null> {
  let newest: { name: string; number: number } | null = null
  for (const name of await readdir(dataDir)) {
    const match = /^OPTIONS-(\d+)$/.exec(name)
    if (!match) continue
    const number = Number(match[1])
    if (!newest || number > newest.number) newest = { name, number }
  }
  return newest ? path.join(dataDir, newest.name) : null
}

/** `rocksdb_version=X.Y.Z` of the `[Version]` section of an OPTIONS file's text; null when absent. */
export function rocksdbVersionOf(optionsText: string): string | null {
  const match = /^\s*rocksdb_version\s*=\s*(\d+(?:\.\d+)*)\s*$/m.exec(optionsText)
  return match?.[1] ?? null
}

/** The RocksDB version that last wrote the store's options (i.e. last opened it); null without an OPTIONS file. */
export async function readStoreRocksdbVersion(dataDir: string): Promise<string | null> {
  const file = await newestOptionsFile(dataDir)
  if (!file) return null
  let text
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new MeridianError('READ_ONLY', `Cannot read ${file}: ${(error as Error).message}`, { cause: error })
  }
  const version = rocksdbVersionOf(text)
  if (!version) throw new MeridianError('CORRUPT_DATABASE', `${file} records no rocksdb_version`)
  return version
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer (numeric, part by part). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number)
  const right = b.split('.').map(Number)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}
