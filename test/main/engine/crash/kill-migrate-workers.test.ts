import { describe } from 'vitest'
import { TRANSFORM_WORKER_ENV } from '../../../../src/main/cli/transform-env.ts'
import { killTestsFor } from '../../../helpers/crash-scenarios.ts'

// The crash templates are small stores, which a migration would transform on the main thread; the killed CLI
// is told otherwise, so here the records go through the worker threads as on a large store.
describe('a migration on worker threads killed with SIGKILL', () => {
  killTestsFor('migrate on workers', 'leaves the store exactly as before or exactly migrated', (templates) => ({
    template: templates.v1,
    args: (dir) => ['migrate', dir, '--json'],
    env: { [TRANSFORM_WORKER_ENV]: 'always' },
    before: templates.v1Hash,
    after: templates.migratedHash
  }))
})
