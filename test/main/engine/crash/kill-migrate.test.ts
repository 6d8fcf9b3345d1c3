import { describe } from 'vitest'
import { killTestsFor } from '../../../helpers/crash-scenarios.ts'

describe('a migration killed with SIGKILL', () => {
  killTestsFor('migrate', 'leaves the store exactly as before or exactly migrated', (templates) => ({
    template: templates.v1,
    args: (dir) => ['migrate', dir, '--json'],
    before: templates.v1Hash,
    after: templates.migratedHash
  }))
})

describe('a migration with an archive safety net killed with SIGKILL', () => {
  killTestsFor('migrate with an archive', 'leaves the store exactly as before or exactly migrated', (templates) => ({
    template: templates.v1,
    args: (dir) => ['migrate', dir, '--safety-net', 'archive', '--json'],
    before: templates.v1Hash,
    after: templates.migratedHash
  }))
})
