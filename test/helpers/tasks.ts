/**
 * Hand-written Task records of each version, with Meridian's real fields, for unit and integration tests.
 * Each call returns a fresh object, so tests may change it freely.
 */

export type Json = Record<string, unknown>

/** A v1 task as Meridian's oldest stores hold it: no `schema_version` at all. */
export function taskV1(overrides: Json = {}): Json {
  return {
    id: 'task-1',
    title: 'Fix retry logic in the storage layer',
    description: 'Users reported intermittent failures under load.',
    status: 'in_progress',
    priority: 'high',
    spec_ref: { spec_name: 'storage-engine', section: '3.4 Compaction' },
    session_id: 'session-0a1b2c3d4e5f',
    active_session_id: null,
    created_at: '2024-03-01T09:00:00Z',
    updated_at: '2024-03-02T10:30:00.123456789Z',
    completed_at: null,
    history: [
      { timestamp: '2024-03-01T09:00:00Z', from: null, to: 'pending' },
      { timestamp: '2024-03-02T10:30:00.123456789Z', from: 'pending', to: 'in_progress', note: 'Picked up' }
    ],
    tags: ['backend', 'storage'],
    estimated_hours: 4,
    actual_hours: null,
    commit_hash: null,
    episode_id: null,
    ...overrides
  }
}

/** The fields v1 → v2 adds, as a v2 record written by Meridian itself would hold them. */
const v2Fields = (updatedAt: string): Json => ({
  depends_on: ['task-0'],
  related_tasks: [],
  started_at: '2024-03-02T10:30:00Z',
  last_activity: updatedAt,
  timeout_hours: 24
})

export function taskV2(overrides: Json = {}): Json {
  const base = taskV1()
  return { schema_version: 2, ...base, ...v2Fields(base.updated_at as string), ...overrides }
}

export function taskV3(overrides: Json = {}): Json {
  const { spec_ref, ...base } = taskV2()
  return { ...base, schema_version: 3, spec_refs: spec_ref ? [spec_ref] : [], ...overrides }
}

/** `count` valid v1 tasks `task:t0000…`, alternating with and without `schema_version: 1`. */
export function manyV1Tasks(count: number, prefix = 't'): Array<[string, Json]> {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}${String(i).padStart(5, '0')}`
    const task = taskV1({ id, title: `Task ${i}`, spec_ref: i % 3 === 0 ? null : { spec_name: 'task-tracking', section: `${i}` } })
    return [`task:${id}`, i % 2 === 0 ? task : { schema_version: 1, ...task }] as [string, Json]
  })
}
