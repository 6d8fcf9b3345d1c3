import { z } from 'zod'
import { f32, rfc3339, u32 } from './task-common.ts'

/**
 * Meridian's `TaskEpisode` (`episode:{id}`), as its serde reads it. Versioned (`schema_version` absent = 1) but
 * with no migration; one episode that fails to parse stops Meridian's start, so whatever we write must pass this.
 */
export const taskEpisodeSchema = z.looseObject({
  schema_version: u32.optional(),
  id: z.string(),
  timestamp: rfc3339,
  task_description: z.string(),
  initial_context: z.looseObject({
    active_files: z.array(z.string()),
    active_symbols: z.array(z.string()),
    working_directory: z.string().nullish()
  }),
  queries_made: z.array(z.string()),
  files_touched: z.array(z.string()),
  solution_path: z.string(),
  /** PascalCase, as Meridian's enum serialises without a rename. */
  outcome: z.enum(['Success', 'Failure', 'Partial']),
  tokens_used: u32,
  access_count: u32.optional(),
  pattern_value: f32.optional()
})
export type TaskEpisode = z.infer<typeof taskEpisodeSchema>
