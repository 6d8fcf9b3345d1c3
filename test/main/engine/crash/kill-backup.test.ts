import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/migration-manager.ts'
import { MeridianStore } from '../../../../src/main/engine/store.ts'
import { backupFolderFiles, copyStore, KillTally, removeTrial, runFaulty, tempRoot } from '../../../helpers/crash-harness.ts'
import { type CrashScenario, type CrashTemplates, killAtEveryPoint, killAtRandom, makeCrashTemplates } from '../../../helpers/crash-scenarios.ts'

let root: string
let templates: CrashTemplates
let backup: CrashScenario
const named = new KillTally('backup, every fault point')
const random = new KillTally('backup, random kills')

beforeAll(async () => {
  root = await tempRoot()
  templates = await makeCrashTemplates(root)
  // A backup never changes the store: before and after are the same content; what a kill may not do is leave a
  // damaged file listed as a backup (reopenAndCheck verifies every listed one).
  backup = {
    name: 'backup',
    template: templates.migrated,
    args: (dir) => ['backup', dir, '--json'],
    before: templates.migratedHash,
    after: templates.migratedHash
  }
}, 120_000)

afterAll(async () => {
  named.report()
  random.report()
  await rm(root, { recursive: true, force: true })
})

describe('a backup killed with SIGKILL', () => {
  it('never lists a damaged backup and never changes the store, killed at each numbered fault point', async () => {
    await killAtEveryPoint(backup, root, named)
  }, 600_000)

  it('never lists a damaged backup and never changes the store, killed at 30 random moments', async () => {
    await killAtRandom(backup, root, random, 30)
  }, 600_000)

  it('leaves a temporary file that is never listed and is removed by the next backup', async () => {
    const dataDir = await copyStore(templates.migrated, root, 'temp-file')
    try {
      const run = await runFaulty(['backup', dataDir], { MERIDIAN_FAULT_AT: 'backup.before-rename' })
      expect(run.signal).toBe('SIGKILL')
      const temporaries = (await backupFolderFiles(dataDir)).filter((name) => name.endsWith('.tmp'))
      expect(temporaries).toHaveLength(1)
      const store = await MeridianStore.open(dataDir)
      try {
        const manager = new MigrationManager(store)
        const listed = (await manager.listBackups()).map((b) => b.id)
        expect(listed).toEqual([templates.backupId])
        await manager.createBackup()
        expect((await backupFolderFiles(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
        expect(await manager.listBackups()).toHaveLength(2)
      } finally {
        await store.close()
      }
    } finally {
      await removeTrial(dataDir)
    }
  }, 120_000)
})
