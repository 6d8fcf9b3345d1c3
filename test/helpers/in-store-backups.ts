import type { MeridianStore } from '../../src/main/engine/store/store.ts'
import { putAll } from './temp-store.ts'

/**
 * Writes a Meridian-style in-store backup by hand: the metadata key `id` and one `<id>:<key>` entry per record,
 * copying the records' current bytes (as Meridian did before a migration). `metadata` overrides fields, for
 * damaged cases.
 */
export async function writeInStoreBackup(
  store: MeridianStore,
  id: string,
  options: { prefix?: string; keys?: readonly string[]; metadata?: unknown } = {}
): Promise<string[]> {
  const prefix = options.prefix ?? 'task:'
  let keys = options.keys ? [...options.keys] : []
  if (!options.keys) {
    for await (const key of store.db.keys({ gte: Buffer.from(prefix), lt: Buffer.from(`${prefix}\xff`) })) keys.push(key.toString('utf8'))
  }
  keys = keys.filter((key) => key.startsWith(prefix))
  const entries: Array<[string, Buffer | object]> = []
  for (const key of keys) {
    const value = await store.db.get(Buffer.from(key, 'utf8'))
    if (value) entries.push([`${id}:${key}`, value])
  }
  const metadata = options.metadata ?? { timestamp: '2024-02-01T08:00:00Z', prefix, item_count: keys.length, keys }
  await store.beginWrite() // as Meridian would write it: into the store itself, not a read snapshot
  await putAll(store.db, [[id, typeof metadata === 'string' ? metadata : (metadata as object)], ...entries])
  return keys
}
