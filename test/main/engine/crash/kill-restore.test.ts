import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { KillTally, tempRoot } from '../../../helpers/crash-harness.ts'
import { type CrashScenario, type CrashTemplates, killAtEveryPoint, killAtRandom, makeCrashTemplates } from '../../../helpers/crash-scenarios.ts'

let root: string
let templates: CrashTemplates
let restore: CrashScenario
const named = new KillTally('restore, every fault point')
const random = new KillTally('restore, random kills')

beforeAll(async () => {
  root = await tempRoot()
  templates = await makeCrashTemplates(root)
  // From the migrated store back to its pre-migration backup: every task changes, so the merge spans batches.
  restore = {
    name: 'restore',
    template: templates.migrated,
    args: (dir) => ['restore', dir, templates.backupId, '--yes', '--json'],
    before: templates.migratedHash,
    after: templates.v1Hash
  }
}, 120_000)

afterAll(async () => {
  named.report()
  random.report()
  await rm(root, { recursive: true, force: true })
})

describe('a restore killed with SIGKILL', () => {
  it('leaves the store exactly as before or exactly the backup, killed at each numbered fault point', async () => {
    await killAtEveryPoint(restore, root, named)
  }, 600_000)

  it('leaves the store exactly as before or exactly the backup, killed at 30 random moments', async () => {
    await killAtRandom(restore, root, random, 30)
  }, 600_000)
})
