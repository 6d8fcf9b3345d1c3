import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { KillTally, tempRoot } from '../../../helpers/crash-harness.ts'
import { type CrashScenario, type CrashTemplates, killAtEveryPoint, killAtRandom, makeCrashTemplates } from '../../../helpers/crash-scenarios.ts'

let root: string
let templates: CrashTemplates
let migrate: CrashScenario
const named = new KillTally('migrate, every fault point')
const random = new KillTally('migrate, random kills')

beforeAll(async () => {
  root = await tempRoot()
  templates = await makeCrashTemplates(root)
  migrate = {
    name: 'migrate',
    template: templates.v1,
    args: (dir) => ['migrate', dir, '--json'],
    before: templates.v1Hash,
    after: templates.migratedHash
  }
}, 120_000)

afterAll(async () => {
  named.report()
  random.report()
  await rm(root, { recursive: true, force: true })
})

describe('a migration killed with SIGKILL', () => {
  it('leaves the store exactly as before or exactly migrated, killed at each numbered fault point', async () => {
    await killAtEveryPoint(migrate, root, named)
  }, 600_000)

  it('leaves the store exactly as before or exactly migrated, killed at 30 random moments', async () => {
    await killAtRandom(migrate, root, random, 30)
  }, 600_000)
})
