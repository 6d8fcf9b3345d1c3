/**
 * The part of an abstract-level database the engine uses, with raw bytes for keys and values. classic-level
 * (LevelDB) implements it as it is; the RocksDB binding gets a thin adapter (rocksdb-binding.ts). Everything
 * above this line (scans, batches, the `_admin:operation` note, commits) is the same for both kinds.
 */
export type BatchOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer }

export interface WriteOptions {
  /** Flush to disk before resolving (the commit points of an operation). */
  sync?: boolean
}

export interface RangeOptions {
  gt?: Buffer
  gte?: Buffer
  lt?: Buffer
  lte?: Buffer
  limit?: number
  reverse?: boolean
}

export interface StoreIterator extends AsyncIterable<[Buffer, Buffer]> {
  /** Up to `size` entries in key order; [] at the end. */
  nextv(size: number): Promise<Array<[Buffer, Buffer]>>
  /** The next entry, undefined at the end. */
  next(): Promise<[Buffer, Buffer] | undefined>
  /** Moves to the first key at or after `target` (sync; the next read starts there). */
  seek(target: Buffer): void
  /** Every remaining entry (mind `limit`); closes the iterator. */
  all(): Promise<Array<[Buffer, Buffer]>>
  close(): Promise<void>
}

export interface StoreKeyIterator extends AsyncIterable<Buffer> {
  all(): Promise<Buffer[]>
}

export interface StoreDb {
  /** The user's store directory (what errors name), even when a private snapshot of it is what is open. */
  readonly location: string
  /** The private copy the engine actually opened, when reading through a snapshot (see store-snapshot.ts). */
  readonly snapshotDir?: string
  /** abstract-level's states: 'opening', 'open', 'closing', 'closed'. */
  readonly status: string
  open(): Promise<void>
  close(): Promise<void>
  /** undefined when the key is absent. */
  get(key: Buffer): Promise<Buffer | undefined>
  put(key: Buffer, value: Buffer, options?: WriteOptions): Promise<void>
  del(key: Buffer, options?: WriteOptions): Promise<void>
  batch(ops: BatchOp[], options?: WriteOptions): Promise<void>
  /** Table bytes between two keys; LevelDB has it, the RocksDB binding does not (callers fall back). */
  approximateSize?(start: Buffer, end: Buffer): Promise<number>
  /** Rewrites the tables of a range, dropping deleted data; LevelDB only (the RocksDB binding has none). */
  compactRange?(start: Buffer, end: Buffer): Promise<void>
  iterator(options?: RangeOptions & { keys?: boolean; values?: boolean }): StoreIterator
  keys(options?: RangeOptions): StoreKeyIterator
}
