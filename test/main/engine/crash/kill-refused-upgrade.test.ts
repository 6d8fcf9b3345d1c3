import { ClassicLevel } from 'classic-level'
import { beforeAll, describe, expect } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { contentHash, copyStore } from '../../../helpers/crash-harness.ts'
import { killTestsFor } from '../../../helpers/crash-scenarios.ts'

/**
 * An upgrade refused for data loss writes batches before it meets the lossy record, then puts them back through
 * the rollback a failed run uses: killed anywhere, the next open must find the store exactly as it was.
 */
describe('an upgrade refused for data loss, killed with SIGKILL', () => {
  let lossy = ''
  let lossyHash = ''
  const suite = killTestsFor('refused upgrade', 'leaves the store exactly as before', () => ({
    template: lossy,
    args: (dir) => ['migrate', dir, '--json'],
    before: lossyHash,
    after: lossyHash,
    exitCode: 2
  }))

  beforeAll(async () => {
    lossy = await copyStore(suite.templates().v1, suite.root(), 'template-lossy')
    const db = new ClassicLevel<Buffer, Buffer>(lossy, { keyEncoding: 'buffer', valueEncoding: 'buffer' })
    await db.open()
    try {
      // A task past the first read and write batches, so the refusal comes after batches were written.
      let seen = 0
      for await (const [key, value] of db.iterator({ gte: Buffer.from('task:'), lt: Buffer.from('task;') })) {
        if (++seen < 2000) continue
        await db.put(key, Buffer.from(JSON.stringify({ ...(JSON.parse(value.toString('utf8')) as object), timeout_hours: 4.5 })))
        break
      }
    } finally {
      await db.close()
    }
    const store = await MeridianStore.open(lossy)
    try {
      expect((await new MigrationManager(store).dryRun()).losses?.records).toBe(1)
    } finally {
      await store.close()
    }
    lossyHash = await contentHash(lossy)
  }, 120_000)
})
