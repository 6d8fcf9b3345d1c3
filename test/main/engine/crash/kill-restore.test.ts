import { describe } from 'vitest'
import { killTestsFor } from '../../../helpers/crash-scenarios.ts'

describe('a restore of a checkpoint killed with SIGKILL', () => {
  // From the migrated store back to its pre-migration checkpoint: a directory swap, with a pre-restore checkpoint.
  killTestsFor('restore of a checkpoint', 'leaves the store exactly as before or exactly the checkpoint', (templates) => ({
    template: templates.migrated,
    args: (dir) => ['restore', dir, templates.backupId, '--yes', '--json'],
    before: templates.migratedHash,
    after: templates.v1Hash
  }))
})

describe('a restore of an archive killed with SIGKILL', () => {
  // The same content from an archive: every task changes, so the merge spans batches.
  killTestsFor('restore of an archive', 'leaves the store exactly as before or exactly the archive', (templates) => ({
    template: templates.migrated,
    args: (dir) => ['restore', dir, templates.archiveId, '--yes', '--json'],
    before: templates.migratedHash,
    after: templates.v1Hash
  }))
})
