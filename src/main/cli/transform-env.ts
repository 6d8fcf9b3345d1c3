import type { TransformSettings } from '../engine/index.ts'

/** The user's switch for where a migration's records are transformed; read once, by `main`. */
export const TRANSFORM_WORKER_ENV = 'MERIDIAN_TRANSFORM_WORKER'

/**
 * `never`: every pass on the main thread (no worker threads, no RSS of theirs); `always`: every pass on worker
 * threads however small (the crash tests kill a CLI doing that); anything else leaves it to the record count.
 */
export function transformFromEnv(env: NodeJS.ProcessEnv): TransformSettings {
  const setting = env[TRANSFORM_WORKER_ENV]
  if (setting === 'never') return { workers: 0 }
  if (setting === 'always') return { workerMinRecords: 0 }
  return {}
}
