import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { MeridianError } from '../../shared/errors.ts'
import { CURRENT_SCHEMA_VERSION, packageRoot } from '../engine/index.ts'
import { createCommandContext, type CommandContext } from './command-context.ts'
import { archiveCommand, backupCommand, backupsCommand, verifyCommand, type BackupCommandOptions } from './commands/backups.ts'
import { pruneCommand, type PruneCommandOptions } from './commands/prune.ts'
import { compareCommand, showCommand, type CompareCommandOptions, type ShowCommandOptions } from './commands/inspect.ts'
import { demoCommand, type DemoCommandOptions } from './commands/demo.ts'
import { exportCommand, removeInStoreCommand, type RemoveInStoreOptions } from './commands/in-store.ts'
import { migrateCommand, type MigrateCommandOptions } from './commands/migrate.ts'
import { newMigrationCommand, type NewMigrationCommandOptions } from './commands/new-migration.ts'
import { getCommand, recordsCommand } from './commands/records.ts'
import {
  deleteCommand,
  putCommand,
  restoreSetAsideCommand,
  setAsideCommand,
  type DeleteCommandOptions,
  type PutCommandOptions,
  type RestoreSetAsideCommandOptions,
  type SetAsideCommandOptions
} from './commands/repair.ts'
import { restoreCommand, type RestoreCommandOptions } from './commands/restore.ts'
import { historyCommand, statusCommand, type StatusCommandOptions } from './commands/status.ts'
import type { ExitCode } from '../../shared/exit-codes.ts'
import type { TransformSettings } from '../engine/index.ts'
import { parseGlobals } from './options.ts'
import { Output } from './output.ts'

/** This tool's version, from its package.json (read once, when the program is built). */
export function toolVersion(): string {
  const root = packageRoot()
  if (root === null) throw new MeridianError('INTERNAL', 'Cannot find the package.json of meridian-admin this command runs from')
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))).version
}

const EXAMPLES = `
meridian-admin --version (or -V) prints this tool's version.

Exit codes: 0 done, 1 the operation failed (rolled back, cancelled by Ctrl-C, corrupt backup), 2 bad usage or
input; a second Ctrl-C, while the store is being put back, forces the process down with 130.

Example:
  $ meridian-admin demo ./demo-store --count 10000 --version 1
  $ meridian-admin status ./demo-store
  $ meridian-admin migrate ./demo-store --dry-run
  $ meridian-admin migrate ./demo-store
  $ meridian-admin migrate ./demo-store --migrations examples/migrations/spec-refs
  $ meridian-admin backups ./demo-store --json
  $ meridian-admin prune ./demo-store --keep 3 --older-than 14d --dry-run
  $ meridian-admin records ./demo-store --prefix task: --limit 10
  $ meridian-admin get ./demo-store task:ID
  $ meridian-admin put ./demo-store task:ID --file fixed-task.json
  $ meridian-admin delete ./demo-store task:ID --yes
  $ meridian-admin set-aside ./demo-store --dry-run
  $ meridian-admin set-aside ./demo-store --archive ./invalid-tasks.jsonl
  $ meridian-admin restore-set-aside ./demo-store ./invalid-tasks.jsonl
  $ meridian-admin show ./demo-store backup_20240101_120000 --prefix task: --limit 10
  $ meridian-admin compare ./demo-store backup_20240101_120000 --prefix task:
  $ meridian-admin restore ./demo-store backup_20240101_120000 --yes
  $ meridian-admin export ./demo-store _backup_20240101_120000
  $ meridian-admin remove-in-store ./demo-store --all --yes`

/** Where a command's exit code lands (commander's actions return nothing). */
export interface RunState {
  exitCode: ExitCode
}

/**
 * The `meridian-admin` command line: argument parsing only. Each action parses its values and hands over to a
 * handler in `commands/`; errors propagate to `main`, which prints them and picks the exit code. `transform` is
 * what the environment asked for (see transform-env.ts).
 */
export function buildProgram(state: RunState, transform: TransformSettings = {}): Command {
  const program = new Command('meridian-admin')
    .description(
      `Schema versions, migrations (to Meridian's v${CURRENT_SCHEMA_VERSION}, or further with --migrations) and backups for Meridian's LevelDB or RocksDB store`
    )
    .option('--json', 'print one JSON document on stdout (errors too)')
    .option('--backup-dir <dir>', 'where backup files live (default: <DIR>.backups beside the store)')
    .option(
      '--migrations <dir>',
      "a migration set (a folder of migration modules) to add to the built-in one (Meridian's v1 → v2); the target becomes the newest version it reaches"
    )
    .addHelpText('after', EXAMPLES)
    // Every command's help lists --json, --backup-dir and --migrations too: they work on each of them.
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .exitOverride()

  const run =
    <A extends unknown[]>(handler: (ctx: CommandContext, ...args: A) => Promise<ExitCode>) =>
    async (...args: A): Promise<void> => {
      const ctx = createCommandContext(parseGlobals(program.opts(), transform), new Output(program.opts().json === true))
      state.exitCode = await handler(ctx, ...args)
    }

  program
    .command('status')
    .description("show the store's schema version, pending migrations, record counts and history")
    .argument('<DIR>', 'the store (a LevelDB or RocksDB directory)')
    .option('--no-counts', 'skip counting the records (a read of every key): list the key prefixes only, at once on any size')
    .action(run((ctx, dir: string, options: StatusCommandOptions) => statusCommand(dir, options, ctx)))

  program
    .command('migrate')
    .description('back up, then migrate every record to the target version (rolled back on any failure or Ctrl-C)')
    .argument('<DIR>', 'the store')
    .option('--to <N>', `target version (default: the newest the migrations reach, v${CURRENT_SCHEMA_VERSION} built in)`)
    .option('--dry-run', 'run every record through the migrations without writing; report changes and failures')
    .option('--allow-data-loss', 'let a downgrade (--to below the current version) drop data the older schema cannot hold')
    .option('--allow-format-upgrade', "let writing upgrade an older RocksDB store to this tool's RocksDB format")
    .option(
      '--safety-net <KIND>',
      'the backup taken first: checkpoint (milliseconds; a failure is put back by swapping directories) or archive (a portable file, a second pass); default checkpoint where the folder holding the store can be written'
    )
    .option('--prune', 'after a successful migration, delete old backups as `prune` does (never the one just taken)')
    .option('--keep <N>', 'with --prune: always keep the newest N backups (default: 5)')
    .option('--older-than <AGE>', 'with --prune: delete only backups older than this, e.g. 30d or 12h (default: 30d)')
    .action(run((ctx, dir: string, options: MigrateCommandOptions) => migrateCommand(dir, options, ctx)))

  program
    .command('history')
    .description('list every recorded migration, restore and failure')
    .argument('<DIR>', 'the store')
    .action(run((ctx, dir: string) => historyCommand(dir, ctx)))

  program
    .command('backups')
    .description("list the store's backups (archives and checkpoints) and Meridian's in-store backups (_backup_…, marked in-store)")
    .argument('<DIR>', 'the store')
    .action(run((ctx, dir: string) => backupsCommand(dir, ctx)))

  program
    .command('backup')
    .description('take a backup of the whole store now: a portable archive file, or a checkpoint')
    .argument('<DIR>', 'the store')
    .option('--checkpoint', "take a checkpoint instead: hard links to the store's tables, in milliseconds; it costs disk only as the store rewrites them")
    .action(run((ctx, dir: string, options: BackupCommandOptions) => backupCommand(dir, options, ctx)))

  program
    .command('archive')
    .description('write the portable archive (.mbak) of a checkpoint: copied elsewhere, restored into any store kind, kept for years; the store is not read')
    .argument('<DIR>', 'the store')
    .argument('<ID>', 'the checkpoint id, e.g. backup_20240101_120000')
    .action(run((ctx, dir: string, id: string) => archiveCommand(dir, id, ctx)))

  program
    .command('verify')
    .description('read a backup whole and check its integrity (exit 1 when it is damaged)')
    .argument('<DIR>', 'the store')
    .argument('<ID>', 'the backup id, e.g. backup_20240101_120000, or an in-store one, _backup_20240101_120000')
    .action(run((ctx, dir: string, id: string) => verifyCommand(dir, id, ctx)))

  program
    .command('prune')
    .description('delete old backups: those beyond the newest N and older than an age (never the newest verified one)')
    .argument('<DIR>', 'the store')
    .option('--keep <N>', 'always keep the newest N backups (default: 5)')
    .option('--older-than <AGE>', 'delete only backups older than this, e.g. 30d or 12h (default: 30d)')
    .option('--dry-run', 'list what would be deleted and why, deleting nothing')
    .action(run((ctx, dir: string, options: PruneCommandOptions) => pruneCommand(dir, options, ctx)))

  program
    .command('restore')
    .description('return the store to a backup (verified first; the current state is backed up before)')
    .argument('<DIR>', 'the store')
    .argument('<ID>', 'the backup id')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .option('--allow-format-upgrade', "let writing upgrade an older RocksDB store to this tool's RocksDB format")
    .option('--any-store', 'restore a backup of another store sharing the backup folder')
    .action(run((ctx, dir: string, id: string, options: RestoreCommandOptions) => restoreCommand(dir, id, options, ctx)))

  program
    .command('export')
    .description('write an in-store backup out as a backup file (the store as restoring it would leave it); prints its id')
    .argument('<DIR>', 'the store')
    .argument('<ID>', 'the in-store backup id, e.g. _backup_20240101_120000')
    .action(run((ctx, dir: string, id: string) => exportCommand(dir, id, ctx)))

  program
    .command('remove-in-store')
    .description('delete one or every in-store backup from the store and compact to reclaim the space')
    .argument('<DIR>', 'the store')
    .argument('[ID]', 'the in-store backup id, e.g. _backup_20240101_120000')
    .option('--all', 'remove every in-store backup, damaged ones included')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(run((ctx, dir: string, id: string | undefined, options: RemoveInStoreOptions) => removeInStoreCommand(dir, id, options, ctx)))

  program
    .command('records')
    .description("page through the store's own records, as they are now: key, version, size and the start of each value (writes nothing)")
    .argument('<DIR>', 'the store')
    .option('--prefix <P>', 'only keys starting with P, e.g. task: (default: every key)')
    .option('--after <KEY>', 'start after this key (the previous page prints the command for the next)')
    .option('--limit <N>', 'records per page, 1 to 200 (default: 20)')
    .action(run((ctx, dir: string, options: ShowCommandOptions) => recordsCommand(dir, options, ctx)))

  program
    .command('get')
    .description('print one record of the store whole, with its version, its size and whether it holds for its version (writes nothing)')
    .argument('<DIR>', 'the store')
    .argument('<KEY>', 'the exact key, e.g. task:abc')
    .action(run((ctx, dir: string, key: string) => getCommand(dir, key, ctx)))

  program
    .command('put')
    .description("replace (or create) one record, checked against its version's schema first; a backup is taken before")
    .argument('<DIR>', 'the store')
    .argument('<KEY>', 'the exact key, e.g. task:abc')
    .option('--value <JSON>', 'the new value')
    .option('--file <PATH>', 'read the new value from a file')
    .option('--force', 'write a value that fails its check anyway')
    .action(run((ctx, dir: string, key: string, options: PutCommandOptions) => putCommand(dir, key, options, ctx)))

  program
    .command('delete')
    .description('delete one record; a backup is taken before')
    .argument('<DIR>', 'the store')
    .argument('<KEY>', 'the exact key, e.g. task:abc')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(run((ctx, dir: string, key: string, options: DeleteCommandOptions) => deleteCommand(dir, key, options, ctx)))

  program
    .command('set-aside')
    .description(
      'move every record that fails its check (the ones a migration would stop at) into an archive, so the migration can run; a backup is taken before'
    )
    .argument('<DIR>', 'the store')
    .option('--archive <PATH>', 'where the archive goes, a new file (default: <DIR>.set-aside/set-aside_<UTC time>.jsonl)')
    .option('--dry-run', 'list the records that would be set aside and why, writing nothing')
    .action(run((ctx, dir: string, options: SetAsideCommandOptions) => setAsideCommand(dir, options, ctx)))

  program
    .command('restore-set-aside')
    .description("put the records of a set-aside archive back, each checked and brought to the store's version; a backup is taken before")
    .argument('<DIR>', 'the store')
    .argument('<ARCHIVE>', 'the archive set-aside wrote (its records may have been fixed in it)')
    .option('--force', 'put back records that still fail their check, and replace records the store holds under the same keys')
    .action(run((ctx, dir: string, archive: string, options: RestoreSetAsideCommandOptions) => restoreSetAsideCommand(dir, archive, options, ctx)))

  program
    .command('show')
    .description("page through a backup's records without restoring it: key, version, size and the start of each value")
    .argument('<DIR>', 'the store')
    .argument('<ID>', 'the backup id')
    .option('--prefix <P>', 'only keys starting with P, e.g. task: (default: every key)')
    .option('--after <KEY>', 'start after this key (the previous page prints the command for the next)')
    .option('--limit <N>', 'records per page, 1 to 200 (default: 20)')
    .action(run((ctx, dir: string, id: string, options: ShowCommandOptions) => showCommand(dir, id, options, ctx)))

  program
    .command('compare')
    .description('compare a backup with the store now: keys added, removed and changed, with a sample diff (writes nothing)')
    .argument('<DIR>', 'the store')
    .argument('<ID>', 'the backup id')
    .option('--prefix <P>', 'only keys starting with P (default: every key)')
    .action(run((ctx, dir: string, id: string, options: CompareCommandOptions) => compareCommand(dir, id, options, ctx)))

  program
    .command('demo')
    .description("create a demo store shaped like Meridian's: tasks, episodes, index markers and a metrics/ sub-store")
    .argument('<DIR>', 'a new or empty directory')
    .requiredOption('--count <N>', 'how many tasks')
    .option('--version <V>', 'record version of the tasks: 1 (each historical v1 shape), 2 (as Meridian writes them) or mixed (default: 1)')
    .option('--seed <S>', 'random seed; the same seed gives the same store (default: 42)')
    .option('--episodes <N>', 'how many episode records (default: a tenth of --count, at least 1)')
    .option('--legacy-backup', 'also write a Meridian-style in-store legacy backup (_backup_20240101_120000…)')
    .action(run((ctx, dir: string, options: DemoCommandOptions) => demoCommand(dir, options, ctx)))

  program
    .command('new-migration')
    .description(
      'developer command: scaffold the next schema version of a record type. With --migrations DIR it writes one module ' +
        'into that migration set (the folder is made if missing), the step after the newest version the set reaches; ' +
        'without, it writes source files into the meridian-admin checkout it runs from (or --root): schema, migration, ' +
        'registration and test. It never touches a store'
    )
    .requiredOption('--prefix <PREFIX>', 'the record type whose schema chain to extend, e.g. task')
    .requiredOption('--name <NAME>', 'what the step does, e.g. "Add estimate_confidence"')
    .option('--root <DIR>', 'without --migrations: the checkout to write into (default: the one this command runs from)')
    .action(run((ctx, options: NewMigrationCommandOptions) => newMigrationCommand(options, ctx)))

  return program
}
