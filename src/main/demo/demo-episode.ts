import { chronoTimestamp } from './chrono-time.ts'
import { demoEpisodeId, type Random } from './random.ts'
import { DETAILS, OBJECTS, QUERIES, SOURCE_FILES, SYMBOLS, VERBS } from './vocabulary.ts'

const START = Date.UTC(2024, 0, 1)
const DAY = 86_400_000

/**
 * One `TaskEpisode` exactly as Meridian's episodic memory reads it: PascalCase `outcome`, u32 `tokens_used` and
 * `access_count`, an f32 `pattern_value`, an `initial_context` object. One bad episode stops Meridian's start, so
 * nothing here is approximate. `schema_version` is absent on some (absent means 1).
 */
export function demoEpisode(rng: Random, seed: number, index: number): Record<string, unknown> {
  const record = {
    id: demoEpisodeId(seed, index),
    timestamp: chronoTimestamp(START + Math.floor(rng.float() * 540 * DAY), rng.int(0, 999_999)),
    task_description: `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}: ${rng.pick(DETAILS)}`,
    initial_context: {
      active_files: rng.some(SOURCE_FILES, 3),
      active_symbols: rng.some(SYMBOLS, 2),
      working_directory: rng.chance(0.8) ? '/home/dev/meridian' : null
    },
    queries_made: rng.some(QUERIES, 3),
    files_touched: rng.some(SOURCE_FILES, 4),
    solution_path: rng.pick(['Read the spec, then changed the storage layer', 'Bisected to the regression and reverted it', 'Added an index and a test']),
    outcome: rng.pick(['Success', 'Success', 'Partial', 'Failure'] as const),
    tokens_used: rng.int(500, 120_000),
    access_count: rng.int(0, 40),
    pattern_value: rng.int(0, 100) / 100
  }
  return rng.chance(0.8) ? { schema_version: 1, ...record } : record
}
