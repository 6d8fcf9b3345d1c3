import { afterAll, beforeAll, describe } from 'vitest'
import { TRANSFORM_WORKER_ENV } from '../../../../src/main/engine/migration/record-transformer.ts'
import { killTestsFor } from '../../../helpers/crash-scenarios.ts'

// The crash templates are small stores, which a migration would transform on the main thread; the killed CLI
// inherits this variable, so here the records go through the worker threads as on a large store.
const saved = process.env[TRANSFORM_WORKER_ENV]
beforeAll(() => {
  process.env[TRANSFORM_WORKER_ENV] = 'always'
})
afterAll(() => {
  if (saved === undefined) delete process.env[TRANSFORM_WORKER_ENV]
  else process.env[TRANSFORM_WORKER_ENV] = saved
})

describe('a migration on worker threads killed with SIGKILL', () => {
  killTestsFor('migrate on workers', 'leaves the store exactly as before or exactly migrated', (templates) => ({
    template: templates.v1,
    args: (dir) => ['migrate', dir, '--json'],
    before: templates.v1Hash,
    after: templates.migratedHash
  }))
})
