import { createDemoStore, DEFAULT_DEMO_SEED, type DemoVersion } from '../../demo/demo-store.ts'
import type { CommandContext } from '../command-context.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatCount, formatNumber } from '../format-values.ts'
import { countSchema, dataDirSchema, demoVersionSchema, episodesSchema, parseOption, parseOptional, seedSchema } from '../options.ts'

const DEMO_VERSION_LABELS: Record<DemoVersion, string> = {
  1: 'v1, in each of its historical shapes',
  2: 'v2, as Meridian writes them',
  mixed: 'v1 shapes and v2 mixed'
}

export interface DemoCommandOptions {
  count: string
  version?: string
  seed?: string
  episodes?: string
  legacyBackup?: boolean
}

/** `demo DIR --count N [--version 1|2|mixed] [--seed S]`: a Meridian-shaped store to try the tool on. */
export async function demoCommand(rawDir: string, options: DemoCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const count = parseOption(countSchema, '--count', options.count)
  const version = parseOptional(demoVersionSchema, '--version', options.version) ?? 1
  const seed = parseOptional(seedSchema, '--seed', options.seed) ?? DEFAULT_DEMO_SEED
  const episodes = parseOptional(episodesSchema, '--episodes', options.episodes)
  const result = await createDemoStore(dir, { count, version, seed, episodes, withLegacyBackup: options.legacyBackup === true })
  ctx.out.result({ ...result, version, seed }, () =>
    [
      `✓ Demo store created at ${result.dataDir}`,
      `  ${formatCount(result.tasks, 'task')} (${DEMO_VERSION_LABELS[version]}), ${formatCount(result.episodes, 'episode')}, ${formatCount(result.indexes, 'index marker')}, seed ${seed}`,
      ...(result.metricsRecords === null
        ? []
        : [`  metrics/: Meridian's second store (${formatNumber(result.metricsRecords)} records), which this tool never touches`]),
      `  Next: meridian-admin status ${JSON.stringify(result.dataDir)}`
    ].join('\n')
  )
  return EXIT_OK
}
