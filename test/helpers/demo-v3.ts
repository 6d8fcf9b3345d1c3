import {
  createDemoStore,
  populateDemoStore,
  type CreateDemoOptions,
  type DemoOptions,
  type DemoResult,
  type DemoVersion
} from '../../src/main/demo/demo-store.ts'
import { MeridianStore } from '../../src/main/engine/store/store.ts'
import { migrateToV3Directly } from './example-set.ts'

/**
 * The demo makes Meridian's versions only (1, 2, mixed). Tests of chains past Meridian's (v3, the worked example's
 * `spec_refs`) build their store here: the v2 demo, each task put through the example set's v2 → v3 step, and the
 * store at v3.
 */
export type TestDemoVersion = DemoVersion | 3

/** populateDemoStore, with v3 as well. */
export async function populateTestDemo(store: MeridianStore, options: Omit<DemoOptions, 'version'> & { version: TestDemoVersion }): Promise<DemoResult> {
  if (options.version !== 3) return populateDemoStore(store, { ...options, version: options.version })
  const result = await populateDemoStore(store, { ...options, version: 2 })
  await migrateToV3Directly(store)
  return result
}

/** createDemoStore, with v3 as well. */
export async function createTestDemo(dataDir: string, options: Omit<CreateDemoOptions, 'version'> & { version: TestDemoVersion }) {
  if (options.version !== 3) return createDemoStore(dataDir, { ...options, version: options.version })
  const result = await createDemoStore(dataDir, { ...options, version: 2 })
  const store = await MeridianStore.open(result.dataDir, { access: 'write' })
  try {
    await migrateToV3Directly(store)
  } finally {
    await store.close()
  }
  return result
}
