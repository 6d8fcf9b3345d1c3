import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { createTestDemo, type TestDemoVersion } from '../../helpers/demo-v3.ts'

export interface TempStore {
  dataDir: string
  /** Removes the store, its backups and the temp folder holding them. */
  remove(): Promise<void>
}

/** A fresh demo store (v1 tasks, unless told, plus untouched episodes) in its own temp folder; backups go beside it. */
export async function demoStore(count: number, name = 'store', version: TestDemoVersion = 1): Promise<TempStore> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-e2e-'))
  const dataDir = path.join(root, name)
  await createTestDemo(dataDir, { count, version })
  return { dataDir, remove: () => rm(root, { recursive: true, force: true }) }
}

/** Writes raw values straight into a closed store (the host must not be running on it). */
export async function putRaw(dataDir: string, entries: Record<string, string>): Promise<void> {
  const db = new ClassicLevel<string, string>(dataDir, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
  await db.open()
  try {
    await db.batch(Object.entries(entries).map(([key, value]) => ({ type: 'put' as const, key, value })))
  } finally {
    await db.close()
  }
}

/** Every key and value of a closed store, to prove an operation left it byte-identical. */
export async function snapshot(dataDir: string): Promise<Map<string, string>> {
  const db = new ClassicLevel<string, string>(dataDir, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
  await db.open()
  try {
    return new Map(await db.iterator().all())
  } finally {
    await db.close()
  }
}
