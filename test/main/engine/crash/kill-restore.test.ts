import { describe } from 'vitest'
import { killTestsFor } from '../../../helpers/crash-scenarios.ts'

describe('a restore killed with SIGKILL', () => {
  // From the migrated store back to its pre-migration backup: every task changes, so the merge spans batches.
  killTestsFor('restore', 'leaves the store exactly as before or exactly the backup', (templates) => ({
    template: templates.migrated,
    args: (dir) => ['restore', dir, templates.backupId, '--yes', '--json'],
    before: templates.migratedHash,
    after: templates.v1Hash
  }))
})
