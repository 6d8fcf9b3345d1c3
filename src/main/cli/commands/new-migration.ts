import type { NewMigrationResult } from '../../../shared/scaffold.ts'
import { newMigration } from '../../scaffold/new-migration.ts'
import { defaultProjectRoot } from '../../scaffold/project-tree.ts'
import type { CommandContext } from '../command-context.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { dataDirSchema, parseOptional } from '../options.ts'

export interface NewMigrationCommandOptions {
  prefix: string
  name: string
  root?: string
}

function formatNewMigration(result: NewMigrationResult): string {
  return [
    `✓ Scaffolded ${result.name} in ${result.root}`,
    ...result.created.map((file) => `  created  ${file}`),
    ...result.changed.map((file) => `  changed  ${file} (registers the step)`),
    '',
    'Steps left:',
    ...result.steps.map((step, i) => `  ${i + 1}. ${step}`)
  ].join('\n')
}

/**
 * `new-migration --prefix task --name "…" [--root DIR]`: a developer command. It writes source files into the
 * meridian-admin checkout it runs from (the tool runs from source, so that is the repository), or into --root.
 */
export async function newMigrationCommand(options: NewMigrationCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const root = parseOptional(dataDirSchema, '--root', options.root) ?? (await defaultProjectRoot())
  const result = await newMigration({ root, prefix: options.prefix, name: options.name })
  ctx.out.result(result, () => formatNewMigration(result))
  return EXIT_OK
}
