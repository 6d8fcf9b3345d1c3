import { z } from 'zod'
import { rfc3339, statusChangeSchema, u32 } from './task-common.ts'

/**
 * The fields Meridian's v2 `Task` adds to v1 or defaults when absent: `history`, `tags`, `depends_on` and
 * `related_tasks` (`[]`), `started_at` and `timeout_hours` (None), `last_activity` (now). So each may be absent.
 */
export const taskV2FieldsShape = {
  history: z.array(statusChangeSchema).optional(),
  tags: z.array(z.string()).optional(),
  started_at: rfc3339.nullish(),
  last_activity: rfc3339.optional(),
  timeout_hours: u32.nullish(),
  depends_on: z.array(z.string()).optional(),
  related_tasks: z.array(z.string()).optional()
}
