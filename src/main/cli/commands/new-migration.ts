import { MeridianError } from '../../../shared/errors.ts'
import type { NewMigrationResult, NewSetMigrationResult } from '../../../shared/scaffold.ts'
import { newMigration } from '../../../../tools/scaffold/new-migration.ts'
import { defaultProjectRoot } from '../../../../tools/scaffold/project-tree.ts'
import { newSetMigration } from '../../../../tools/scaffold/set-migration.ts'
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

function formatNewSetMigration(result: NewSetMigrationResult): string {
  return [
    `✓ Scaffolded ${result.name} in the migration set ${result.migrations}`,
    ...(result.createdFolder ? [`  created  ${result.migrations}/ (the folder)`] : []),
    `  created  ${result.module}`,
    '',
    'Steps left:',
    ...result.steps.map((step, i) => `  ${i + 1}. ${step}`),
    '',
    `Next: ${result.next}`
  ].join('\n')
}

/**
 * `new-migration --prefix task --name "…" [--root DIR | --migrations DIR]`: a developer command. With
 * --migrations it writes one module into that migration set; otherwise it writes source files into the built-in
 * set of the meridian-admin checkout it runs from (the tool runs from source, so that is the repository), or --root.
 */
export async function newMigrationCommand(options: NewMigrationCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const migrationsDir = ctx.globals.migrationsDir
  if (migrationsDir !== undefined) {
    if (options.root !== undefined) {
      throw new MeridianError(
        'INVALID_INPUT',
        '--root and --migrations name two different places to write: --root a checkout (its built-in set), --migrations a set folder. Give one'
      )
    }
    const result = await newSetMigration({ dir: migrationsDir, prefix: options.prefix, name: options.name })
    ctx.out.result(result, () => formatNewSetMigration(result))
    return EXIT_OK
  }
  const root = parseOptional(dataDirSchema, '--root', options.root) ?? (await defaultProjectRoot())
  const result = await newMigration({ root, prefix: options.prefix, name: options.name })
  ctx.out.result(result, () => formatNewMigration(result))
  return EXIT_OK
}
