import { describe, expect, it } from 'vitest'
import { TRANSFORM_WORKER_ENV, transformFromEnv } from '../../../src/main/cli/transform-env.ts'

describe('MERIDIAN_TRANSFORM_WORKER, read by the CLI', () => {
  it('never keeps records on the main thread, always sends every pass to the workers, anything else leaves the default', () => {
    expect(transformFromEnv({ [TRANSFORM_WORKER_ENV]: 'never' })).toEqual({ workers: 0 })
    expect(transformFromEnv({ [TRANSFORM_WORKER_ENV]: 'always' })).toEqual({ workerMinRecords: 0 })
    expect(transformFromEnv({ [TRANSFORM_WORKER_ENV]: 'sometimes' })).toEqual({})
    expect(transformFromEnv({})).toEqual({})
  })
})
