import { createDemoStore, DEFAULT_DEMO_SEED } from '../../engine/demo-store.ts'
import type { CommandContext } from '../command-context.ts'
import { EXIT_OK, type ExitCode } from '../exit-codes.ts'
import { formatNumber } from '../format-values.ts'
import { countSchema, dataDirSchema, demoVersionSchema, episodesSchema, parseOption, parseOptional, seedSchema } from '../options.ts'

export interface DemoCommandOptions {
  count: string
  version?: string
  seed?: string
  episodes?: string
  legacyBackup?: boolean
}

/** `demo DIR --count N [--version 1|2|3|mixed] [--seed S]`: a realistic store to try the tool on. */
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
      `  ${formatNumber(result.tasks)} tasks (${version === 'mixed' ? 'mixed v1/v2/v3' : `v${version}`}), ${formatNumber(result.episodes)} episodes, seed ${seed}`,
      `  Next: meridian-admin status ${JSON.stringify(result.dataDir)}`
    ].join('\n')
  )
  return EXIT_OK
}
