import { z } from 'zod'

/**
 * What Meridian's serde_json accepts, typed straight from the store-format sheet's tables (not from our schemas,
 * which these rules check): Rust `Option`s may be null or absent, `#[serde(default)]` fields may be absent,
 * unknown fields are ignored.
 */
const chronoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/, 'a chrono RFC 3339 date')
const u32 = z.number().int().min(0).max(4_294_967_295)
const f32 = z.number().refine((n) => Number.isFinite(n) && Math.abs(n) <= 3.4028234663852886e38, 'an f32')
const option = <T extends z.ZodType>(schema: T) => schema.nullable().optional()
const status = z.enum(['pending', 'in_progress', 'blocked', 'done', 'cancelled'])
const priority = z.enum(['low', 'medium', 'high', 'critical'])
const change = z.looseObject({ timestamp: chronoDate, from: option(status), to: status, note: option(z.string()) })

const taskCommon = {
  id: z.string(),
  title: z.string(),
  description: option(z.string()),
  status,
  priority,
  spec_ref: option(z.looseObject({ spec_name: z.string(), section: z.string() })),
  session_id: option(z.string()),
  active_session_id: option(z.string()),
  created_at: chronoDate,
  updated_at: chronoDate,
  completed_at: option(chronoDate),
  estimated_hours: option(f32),
  actual_hours: option(f32),
  commit_hash: option(z.string()),
  episode_id: option(z.string())
}

/** `Task` (v2) as Meridian deserializes it. */
export const meridianTask = z.looseObject({
  ...taskCommon,
  schema_version: u32.optional(),
  started_at: option(chronoDate),
  last_activity: chronoDate.optional(),
  timeout_hours: option(u32),
  history: z.array(change).optional(),
  tags: z.array(z.string()).optional(),
  depends_on: z.array(z.string()).optional(),
  related_tasks: z.array(z.string()).optional()
})

/** Task v1 as Meridian's v1 → v2 migration reads it (`history` and `tags` required). */
export const meridianTaskV1 = z.looseObject({ ...taskCommon, history: z.array(change), tags: z.array(z.string()) })
export const MIGRATION_V1_FIELDS = [
  'id',
  'title',
  'description',
  'status',
  'priority',
  'spec_ref',
  'session_id',
  'active_session_id',
  'created_at',
  'updated_at',
  'completed_at',
  'history',
  'tags',
  'estimated_hours',
  'actual_hours',
  'commit_hash',
  'episode_id'
]

/** `TaskEpisode`. */
export const meridianEpisode = z.looseObject({
  schema_version: u32.optional(),
  id: z.string(),
  timestamp: chronoDate,
  task_description: z.string(),
  initial_context: z.looseObject({ active_files: z.array(z.string()), active_symbols: z.array(z.string()), working_directory: option(z.string()) }),
  queries_made: z.array(z.string()),
  files_touched: z.array(z.string()),
  solution_path: z.string(),
  outcome: z.enum(['Success', 'Failure', 'Partial']),
  tokens_used: u32,
  access_count: u32.optional(),
  pattern_value: f32.optional()
})
export const EPISODE_FIELDS = [
  'schema_version',
  'id',
  'timestamp',
  'task_description',
  'initial_context',
  'queries_made',
  'files_touched',
  'solution_path',
  'outcome',
  'tokens_used',
  'access_count',
  'pattern_value'
]
