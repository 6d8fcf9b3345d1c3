import { createDemoStore, populateDemoStore, type CreateDemoOptions, type DemoOptions, type DemoResult, type DemoVersion } from '../../src/main/engine/demo-store.ts'
import { MeridianStore } from '../../src/main/engine/store.ts'
import { prefixRange } from '../../src/main/engine/store.ts'

/**
 * The demo makes Meridian's versions only (1, 2, mixed). Tests of chains past Meridian's (v3, the worked example's
 * `spec_refs`) build their store here: the v2 demo, each task rewritten as v3 records are (`spec_ref` becomes
 * `spec_refs`), and the store at v3.
 */
export type TestDemoVersion = DemoVersion | 3

async function rewriteAsV3(store: MeridianStore): Promise<void> {
  const ops = []
  for await (const [key, value] of store.db.iterator(prefixRange('task:'))) {
    const { spec_ref: specRef, ...rest } = JSON.parse(value.toString('utf8')) as Record<string, unknown>
    ops.push({ type: 'put' as const, key, value: Buffer.from(JSON.stringify({ ...rest, schema_version: 3, spec_refs: specRef ? [specRef] : [] })) })
  }
  ops.push({ type: 'put' as const, key: Buffer.from('_schema_version'), value: Buffer.from('3') })
  await store.db.batch(ops)
}

/** populateDemoStore, with v3 as well. */
export async function populateTestDemo(store: MeridianStore, options: Omit<DemoOptions, 'version'> & { version: TestDemoVersion }): Promise<DemoResult> {
  if (options.version !== 3) return populateDemoStore(store, { ...options, version: options.version })
  const result = await populateDemoStore(store, { ...options, version: 2 })
  await rewriteAsV3(store)
  return result
}

/** createDemoStore, with v3 as well. */
export async function createTestDemo(dataDir: string, options: Omit<CreateDemoOptions, 'version'> & { version: TestDemoVersion }) {
  if (options.version !== 3) return createDemoStore(dataDir, { ...options, version: options.version })
  const result = await createDemoStore(dataDir, { ...options, version: 2 })
  const store = await MeridianStore.open(result.dataDir)
  try {
    await rewriteAsV3(store)
  } finally {
    await store.close()
  }
  return result
}
