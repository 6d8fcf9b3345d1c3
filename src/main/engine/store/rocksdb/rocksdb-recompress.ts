import { execFile } from 'node:child_process'
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../../../shared/errors.ts'

/**
 * RocksDB's own command-line tool (Debian/Ubuntu: rocksdb-tools). Its RocksDB has Snappy, which the binding's
 * lacks, so it can rewrite a Snappy store's tables as ZSTD, which the binding reads.
 */
export const LDB_COMMAND = 'ldb'

/** What to tell a person whose Snappy store cannot be read because `ldb` is missing. */
export const LDB_INSTALL_HINT = "Install RocksDB's ldb tool (Debian/Ubuntu: apt-get install rocksdb-tools) and this tool reads it"

/** A compaction rewrites the whole store; a generous bound that still ends a hung tool. */
const LDB_TIMEOUT_MS = 60 * 60 * 1000

/** The path of `ldb` on PATH, or null when it is not installed. */
export async function findLdb(): Promise<string | null> {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, LDB_COMMAND)
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return null
}

/**
 * Rewrites every table of the RocksDB store at `dir` with ZSTD compression (`ldb --db=DIR --compression_type=zstd
 * compact`: a full compaction, bottommost level included, by RocksDB itself, so a crash leaves the store as it
 * was or recompressed). `storeDir` names the user's store in errors when `dir` is a private snapshot of it.
 */
export function recompressWithLdb(ldb: string, dir: string, storeDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      ldb,
      // ldb loads the store's OPTIONS file and fails on any option its RocksDB does not know, which is every store
      // a newer RocksDB wrote (Meridian's 10.4.2 against Debian's 7.8.3: "Could not find option: …").
      [`--db=${dir}`, '--ignore_unknown_options', '--compression_type=zstd', 'compact'],
      { timeout: LDB_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve()
        reject(ldbError(ldb, error, `${stderr}\n${stdout}`.trim(), dir === storeDir ? storeDir : `a private snapshot of ${storeDir}`))
      }
    )
  })
}

function ldbError(ldb: string, error: Error & { killed?: boolean; code?: unknown }, output: string, what: string): MeridianError {
  const said = (output || error.message).split('\n')[0]
  if (error.killed) {
    return new MeridianError('IO_ERROR', `RocksDB's ldb did not finish recompressing ${what} within ${LDB_TIMEOUT_MS / 60_000} minutes`, { cause: error })
  }
  if (/LOCK: (Resource temporarily unavailable|already held|no locks available)/i.test(output)) {
    return new MeridianError(
      'DATABASE_LOCKED',
      `The store is locked by another process (Meridian itself may be running); ldb could not recompress ${what}: ${said}`,
      { cause: error }
    )
  }
  // "Corrupt or unsupported format_version: 6": tables or a MANIFEST a newer RocksDB wrote, not damage.
  if (/unsupported (BlockBasedTable )?format_version/i.test(output)) {
    return new MeridianError(
      'STORE_FORMAT_UNSUPPORTED',
      `RocksDB's ldb (${ldb}) is installed but older than the RocksDB that wrote parts of this store, so it could not recompress ${what}: ${said}. An ldb from a RocksDB as new as the store's (or Meridian's own tools) would.`,
      { cause: error }
    )
  }
  if (/corrupt/i.test(output)) {
    return new MeridianError('CORRUPT_DATABASE', `RocksDB's ldb found the store corrupt while recompressing ${what}: ${said}`, { cause: error })
  }
  // Not a disk problem, and ldb is installed: say what ldb itself said, and which ldb, so the advice is true here.
  return new MeridianError(
    'STORE_FORMAT_UNSUPPORTED',
    `RocksDB's ldb (${ldb}) is installed but could not recompress ${what} (exit ${String(error.code)}): ${said}. A RocksDB tool as new as the one that wrote the store may succeed where this one fails.`,
    { cause: error }
  )
}
