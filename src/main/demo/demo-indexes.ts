import type { IndexedFields } from './demo-task.ts'

/** Meridian's index markers hold this value; only the key carries information. */
export const INDEX_MARKER_VALUE = '1'

/** The `idx_*` keys Meridian maintains for a task on every save: its status, priority, spec and session. */
export function indexKeysOf(task: IndexedFields): string[] {
  const keys = [`idx_status:${task.status}:${task.id}`, `idx_priority:${task.priority}:${task.id}`]
  if (task.specName !== null) keys.push(`idx_spec:${task.specName}:${task.id}`)
  if (task.sessionId !== null) keys.push(`idx_session:${task.sessionId}:${task.id}`)
  return keys
}
