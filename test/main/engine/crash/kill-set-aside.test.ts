import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoStore, mulberry32 } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { contentHash, copyStore, crashSeed, KillTally, removeTrial, reopenAndCheck, runFaulty, tempRoot } from '../../../helpers/crash-harness.ts'

/** More invalid tasks than one write batch holds (1,000), so the deletes span batches and a kill can fall between. */
const INVALID = 1200
const VALID = 2000

describe('a set-aside killed with SIGKILL', () => {
  const named = new KillTally('set-aside, every fault point')
  const random = new KillTally('set-aside, random kills')
  let root = ''
  let template = ''
  let before = ''
  let after = ''

  beforeAll(async () => {
    root = await tempRoot()
    template = path.join(root, 'template')
    await createDemoStore(template, { count: VALID, version: 1, seed: 5 })
    const store = await MeridianStore.open(template, { access: 'write' })
    try {
      const ops = Array.from({ length: INVALID }, (_, i) => ({
        type: 'put' as const,
        key: Buffer.from(`task:bad-${String(i).padStart(5, '0')}`),
        value: Buffer.from(i % 2 === 0 ? `{"id": "bad-${i}", "title": ` : JSON.stringify({ id: `bad-${i}`, status: 'finished' }))
      }))
      await store.db.batch(ops)
    } finally {
      await store.close()
    }
    before = await contentHash(template)
    // The clean result, made in this process: every invalid task gone, every valid one as it was.
    const clean = await copyStore(template, root, 'clean')
    const cleanStore = await MeridianStore.open(clean)
    try {
      expect((await new MigrationManager(cleanStore).repair.setAside({ archive: `${clean}.aside.jsonl` })).setAside).toHaveLength(INVALID)
    } finally {
      await cleanStore.close()
    }
    after = await contentHash(clean)
    expect(after).not.toBe(before)
  }, 120_000)

  afterAll(async () => {
    named.report()
    random.report()
    await rm(root, { recursive: true, force: true })
  })

  /**
   * One run, killed at a fault point or after a delay. The store must be exactly before or after on reopen, and
   * the archive whole whenever it exists under its name (never a part of it): after, it holds every record set aside.
   */
  async function trial(label: string, faults: Record<string, string>, killAfterMs?: number) {
    const dataDir = await copyStore(template, root, label)
    const archive = `${dataDir}.aside.jsonl`
    try {
      const run = await runFaulty(['set-aside', dataDir, '--archive', archive, '--json'], faults, killAfterMs)
      const killed = run.signal === 'SIGKILL'
      if (!killed) expect(run.code, `${label} exited without being killed: ${run.stderr}`).toBe(0)
      const { hash, recovered } = await reopenAndCheck(dataDir)
      const ok = hash === before || hash === after
      if (existsSync(archive)) {
        const lines = (await readFile(archive, 'utf8')).trim().split('\n')
        expect(lines.length, `${label}: the archive is not whole`).toBe(INVALID + 1)
      } else {
        expect(hash, `${label}: the records are gone but no archive holds them`).toBe(before)
      }
      return { killed, ok, hash, recovered, ms: run.ms }
    } finally {
      await removeTrial(dataDir)
      await rm(archive, { force: true })
    }
  }

  it('leaves the store exactly as before or exactly without the invalid records, killed at each numbered fault point', async () => {
    for (let point = 1; point < 500; point++) {
      const result = await trial(`at-${point}`, { MERIDIAN_FAULT_AT: String(point) })
      if (!result.killed) {
        expect(result.hash).toBe(after)
        expect(point, 'a set-aside passes fault points (backup, archive, batches, commit)').toBeGreaterThan(5)
        return
      }
      named.record(result.ok, result.recovered)
      expect(result.ok, `killed at point ${point}: the store is neither before nor after`).toBe(true)
    }
    throw new Error('the set-aside never completed')
  }, 600_000)

  it('leaves the store exactly as before or after, killed at 20 random moments', async () => {
    const clean = await trial('clean-run', {})
    expect(clean.hash).toBe(after)
    const next = mulberry32(crashSeed ^ 0x5e7a)
    console.log(`set-aside: random kills with MERIDIAN_CRASH_SEED=${crashSeed}; a clean run takes ${Math.round(clean.ms)} ms`)
    for (let i = 0; i < 20; i++) {
      const delay = Math.round(clean.ms * (0.25 + 0.85 * next()))
      const result = await trial(`random-${i}`, {}, delay)
      random.record(result.ok, result.recovered)
      expect(result.ok, `killed after ${delay} ms (seed ${crashSeed}, trial ${i}): neither before nor after`).toBe(true)
    }
  }, 600_000)
})
