import { ldb } from './ldb-store.ts'

const hex = (bytes: Buffer): string => `0x${bytes.toString('hex').toUpperCase()}`
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')

/**
 * A later Meridian's store, moved to SurrealDB on RocksDB: the same logical records as rows of a `kv_store` table
 * with base64 keys and values, under SurrealDB's binary key layout (`/!ns…` catalog entries, `/*ns\0*db\0*tb\0*id`
 * rows). Written by RocksDB's own `ldb`, so no raw key is `task:` or `_schema_version`. The layout is SurrealDB's
 * shape, not its exact byte encoding: what matters here is what a raw reader of the store sees.
 */
export function writeSurrealEraStore(dataDir: string, logical: ReadonlyArray<readonly [string, string]>): Array<[Buffer, Buffer]> {
  const ns = 'meridian'
  const db = 'index'
  const row = (id: string): Buffer => Buffer.concat([Buffer.from(`/*${ns}\0*${db}\0*kv_store\0*`), Buffer.from(id, 'utf8')])
  const entries: Array<[Buffer, Buffer]> = [
    [Buffer.from(`/!ns${ns}`), Buffer.from(JSON.stringify({ name: ns }))],
    [Buffer.from(`/*${ns}\0!db${db}`), Buffer.from(JSON.stringify({ name: db }))],
    [Buffer.from(`/*${ns}\0*${db}\0!tbkv_store`), Buffer.from(JSON.stringify({ name: 'kv_store', schemafull: false }))]
  ]
  for (const [key, value] of logical) {
    const id = b64(key)
    entries.push([row(id), Buffer.from(JSON.stringify({ id: `kv_store:${id}`, key: id, value: b64(value) }))])
  }
  const [first, ...rest] = entries.map(([key, value]) => [hex(key), hex(value)] as const)
  if (!first) throw new Error('no entries')
  ldb(dataDir, '--compression_type=zstd', '--create_if_missing', '--hex', 'put', first[0], first[1])
  if (rest.length > 0) ldb(dataDir, '--compression_type=zstd', '--hex', 'batchput', ...rest.flat())
  return entries
}
