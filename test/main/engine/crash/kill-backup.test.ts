import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { backupFolderFiles, copyStore, removeTrial, runFaulty } from '../../../helpers/crash-harness.ts'
import { killTestsFor } from '../../../helpers/crash-scenarios.ts'

describe('a backup killed with SIGKILL', () => {
  // A backup never changes the store: before and after are the same content; what a kill may not do is leave a
  // damaged file listed as a backup (reopenAndCheck verifies every listed one).
  const suite = killTestsFor('backup', 'never lists a damaged backup and never changes the store', (templates) => ({
    template: templates.migrated,
    args: (dir) => ['backup', dir, '--json'],
    before: templates.migratedHash,
    after: templates.migratedHash
  }))

  it('leaves a temporary file and its id claim, never listed, both removed by the next backup', async () => {
    const dataDir = await copyStore(suite.templates().migrated, suite.root(), 'temp-file')
    try {
      const run = await runFaulty(['backup', dataDir], { MERIDIAN_FAULT_AT: 'backup.before-rename' })
      expect(run.signal).toBe('SIGKILL')
      const temporaries = (await backupFolderFiles(dataDir)).filter((name) => name.endsWith('.tmp'))
      expect(temporaries).toHaveLength(1)
      const claims = (): Promise<string[]> => backupFolderFiles(dataDir).then((names) => names.filter((name) => name.endsWith('.claim')))
      expect(await claims()).toHaveLength(1)
      const store = await MeridianStore.open(dataDir)
      try {
        const manager = new MigrationManager(store)
        const listed = (await manager.listBackups()).map((b) => b.id)
        expect(listed).toEqual([suite.templates().backupId, suite.templates().archiveId])
        await manager.createBackup()
        expect((await backupFolderFiles(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
        expect(await claims()).toEqual([])
        expect(await manager.listBackups()).toHaveLength(3)
      } finally {
        await store.close()
      }
    } finally {
      await removeTrial(dataDir)
    }
  }, 120_000)
})

describe('an archive of a checkpoint killed with SIGKILL', () => {
  // Reads the checkpoint only: the store never changes, and a half-written archive is never listed (every listed
  // backup, the checkpoint included, is verified after each kill).
  killTestsFor('archive of a checkpoint', 'never lists a damaged archive, never changes the store or the checkpoint', (templates) => ({
    template: templates.migrated,
    args: (dir) => ['archive', dir, templates.backupId, '--json'],
    before: templates.migratedHash,
    after: templates.migratedHash
  }))
})
