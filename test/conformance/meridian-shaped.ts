import { mulberry32 as seeded } from '../../src/main/demo/random.ts'
import { taskV1, type Json } from '../helpers/tasks.ts'

/**
 * Tasks in each shape real Meridian v1 stores hold (Meridian's STORE-FORMAT sheet): its first releases' tasks,
 * which already carry `related_tasks`; a later pre-versioning release's, which also carry `started_at`,
 * `last_activity` and `timeout_hours` (no `depends_on`); and the v1 its own migration reads. None has
 * `schema_version`. Deterministic for a seed.
 */
export type HistoricalShape = 'first-release' | 'pre-versioning' | 'migration-v1'
export const HISTORICAL_SHAPES: readonly HistoricalShape[] = ['first-release', 'pre-versioning', 'migration-v1']

const iso = (ms: number): string => new Date(ms).toISOString()

export function historicalTask(shape: HistoricalShape, i: number, random: () => number): Json {
  const id = `${shape}-${String(i).padStart(3, '0')}`
  const created = Date.UTC(2024, 2, 1) + i * 3_600_000
  const updated = created + Math.floor(random() * 48) * 3_600_000
  const base = taskV1({ id, title: `${shape} task ${i}`, created_at: iso(created), updated_at: iso(updated) })
  if (shape === 'migration-v1') return base
  const related = random() < 0.25 ? [`${shape}-${String((i + 1) % 40).padStart(3, '0')}`] : []
  if (shape === 'first-release') return { ...base, related_tasks: related }
  return {
    ...base,
    started_at: random() < 0.4 ? iso(created + 1_800_000) : null,
    last_activity: iso(updated + (random() < 0.5 ? 600_000 : 0)),
    timeout_hours: random() < 0.2 ? Math.floor(random() * 72) + 1 : null,
    related_tasks: related
  }
}

/** A `TaskEpisode` as Meridian writes it. */
export function meridianEpisode(i: number): Json {
  return {
    schema_version: 1,
    id: `ep-${i}`,
    timestamp: iso(Date.UTC(2024, 2, 3) + i * 60_000),
    task_description: `Episode ${i}`,
    initial_context: { active_files: ['src/store.rs'], active_symbols: ['retry'], working_directory: null },
    queries_made: ['retry backoff'],
    files_touched: ['src/store.rs'],
    solution_path: 'Added jitter to the retry loop',
    outcome: i % 3 === 0 ? 'Partial' : 'Success',
    tokens_used: 1000 + i,
    access_count: i % 4,
    pattern_value: 0.5
  }
}

/** A Meridian-shaped v1 store's records: `perShape` tasks of each shape, episodes and the idx_status markers. */
export function meridianV1Records(perShape: number, seed = 1): Array<[string, string]> {
  const random = seeded(seed)
  const records: Array<[string, string]> = []
  for (const shape of HISTORICAL_SHAPES) {
    for (let i = 0; i < perShape; i++) {
      const task = historicalTask(shape, i, random)
      records.push([`task:${String(task.id)}`, JSON.stringify(task)])
      records.push([`idx_status:${String(task.status)}:${String(task.id)}`, '1'])
    }
  }
  for (let i = 0; i < 5; i++) records.push([`episode:ep-${i}`, JSON.stringify(meridianEpisode(i))])
  return records.sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
}
