import { ClassicLevel } from 'classic-level'
import { describe, expect, it } from 'vitest'
import { contentHash, copyStore, KillTally, removeTrial, reopenAndCheck, runFaulty } from '../../../helpers/crash-harness.ts'
import { useCrashSuite } from '../../../helpers/crash-scenarios.ts'

const duringRecovery = new KillTally('kill during recovery of a killed migration')
const duringRollback = new KillTally('kill during the rollback of a failed migration')

/** The numbered fault points a run passes, from its trace (`fault-point N name`). */
async function tracePoints(args: string[]): Promise<string[]> {
  const run = await runFaulty(args, { MERIDIAN_FAULT_TRACE: '1' })
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('fault-point '))
    .map((line) => line.split(' ')[2] ?? '')
}

describe('compound faults', () => {
  const suite = useCrashSuite(duringRecovery, duringRollback)
  it('recovers a migration killed mid-pass even when the recovery itself is killed at each of its points', async () => {
    const templates = suite.templates()
    const root = suite.root()
    // A store left by a migration killed after its second batch: half its tasks are v2, half v1.
    const probe = await copyStore(templates.v1, root, 'probe')
    const points = await tracePoints(['migrate', probe, '--json'])
    await removeTrial(probe)
    const secondBatch = points.findIndex((name, i) => name === 'batch.after' && points.slice(0, i).includes('batch.after')) + 1
    expect(secondBatch).toBeGreaterThan(0)
    const interrupted = await copyStore(templates.v1, root, 'interrupted')
    expect((await runFaulty(['migrate', interrupted, '--json'], { MERIDIAN_FAULT_AT: String(secondBatch) })).signal).toBe('SIGKILL')
    expect(await contentHash(interrupted)).not.toBe(templates.v1Hash)

    for (let point = 1; point < 200; point++) {
      const dataDir = await copyStore(interrupted, root, `recovery-at-${point}`)
      try {
        // `status` opens the store, and opening recovers: kill that recovery at its n-th point.
        const run = await runFaulty(['status', dataDir, '--json'], { MERIDIAN_FAULT_AT: String(point) })
        const { hash } = await reopenAndCheck(dataDir)
        const ok = hash === templates.v1Hash
        if (run.signal !== 'SIGKILL') {
          expect(run.code).toBe(0)
          expect(ok, 'the unkilled recovery did not bring back the state before the migration').toBe(true)
          expect(point).toBeGreaterThan(3)
          return
        }
        duringRecovery.record(ok, 'reverted')
        expect(ok, `recovery killed at point ${point}: the store is not back to before the migration`).toBe(true)
      } finally {
        await removeTrial(dataDir)
      }
    }
    throw new Error('recovery never completed')
  }, 600_000)

  it('puts a failed migration back even when its rollback is killed at each of its points', async () => {
    const templates = suite.templates()
    const root = suite.root()
    // A task that is not JSON, last in key order: the migration fails after rewriting every other task.
    const broken = await copyStore(templates.v1, root, 'broken')
    const db = new ClassicLevel<string, string>(broken)
    await db.put('task:~broken', '{"id": "not json')
    await db.close()
    const before = await contentHash(broken)
    const points = await tracePoints(['migrate', await copyStore(broken, root, 'broken-probe'), '--json'])
    const reverting = points.indexOf('operation.migrate.reverting') + 1
    expect(reverting).toBeGreaterThan(0)

    for (let point = reverting - 1; point < reverting + 100; point++) {
      const dataDir = await copyStore(broken, root, `rollback-at-${point}`)
      try {
        const run = await runFaulty(['migrate', dataDir, '--json'], { MERIDIAN_FAULT_AT: String(point) })
        const { hash, recovered } = await reopenAndCheck(dataDir)
        if (run.signal !== 'SIGKILL') {
          expect(run.code).toBe(1)
          expect(JSON.parse(run.stdout).error.code).toBe('MIGRATION_FAILED')
          expect(hash).toBe(before)
          return
        }
        duringRollback.record(hash === before, recovered)
        expect(hash, `rollback killed at point ${point}: the store is not as before`).toBe(before)
      } finally {
        await removeTrial(dataDir)
      }
    }
    throw new Error('the failing migration never finished its rollback')
  }, 600_000)
})
