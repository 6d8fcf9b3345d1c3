import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs, type BenchArgs } from './args.ts'
import { naiveRun, plainRead, rawBaseline, writeIntoEmpty } from './baselines.ts'
import { cliMigrate } from './cli-run.ts'
import { compareCompression } from './compression.ts'
import { checkpointRun, countEveryRecord, EngineSession, firstStatus, hashCheckpointRun } from './engine-runs.ts'
import { measure, type Measurement } from './monitor.ts'
import { measureRecordCosts } from './record-costs.ts'
import {
  CANCEL_HALFWAY,
  CLI_MIGRATE,
  MIGRATE_WITH_ARCHIVE,
  MIGRATE_WITH_CHECKPOINT,
  RESTORE_ARCHIVE,
  WRITE_INTO_EMPTY,
  RESTORE_CHECKPOINT,
  ARCHIVE_CHECKPOINT,
  formatCosts,
  formatTable,
  machineFacts,
  SEED_FIGURE,
  type BenchResults,
  type SizeResult
} from './report.ts'
import { readSample } from './sample.ts'
import { checkTargets, formatTargets } from './targets.ts'
import { BenchStores } from './stores.ts'

const STORE_STRATEGY =
  'One demo v1 store is generated per size, then copied (fs.cp of the LevelDB folder) for each measurement that writes: copying is several times faster than generating realistic tasks again (build and copy times are reported).'

const say = (text: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`)
}

async function measureSize(stores: BenchStores, tasks: number, args: BenchArgs, results: BenchResults): Promise<SizeResult> {
  say(`building a ${tasks.toLocaleString('en-US')}-task v1 store…`)
  const template = await stores.build(tasks)
  const size: SizeResult = { tasks, keys: template.keys, buildSeconds: Math.round(template.seconds * 10) / 10, copySeconds: 0, measurements: [] }
  const copies: number[] = []
  const copy = async (label: string): Promise<{ dataDir: string; backupDir: string }> => {
    const made = await stores.copy(template.dir, label)
    copies.push(made.seconds)
    return made
  }
  const record = (m: Measurement): void => {
    size.measurements.push(m)
    say(
      `  ${m.name}: ${m.recordsPerSecond.toLocaleString('en-US')} records/s, ${m.seconds.toFixed(2)} s, peak RSS ${m.rssPeakMb} MB, ELD p99 ${m.eventLoopP99Ms} ms`
    )
  }

  const plain = await copy('raw')
  record(await measure('plain read', tasks, () => plainRead(plain.dataDir)))
  record(await measure('raw baseline', tasks, () => rawBaseline(plain.dataDir)))
  record(await measure('first status', tasks, () => firstStatus(plain.dataDir, plain.backupDir, tasks)))
  record(await measure('count every record', tasks, () => countEveryRecord(plain.dataDir, plain.backupDir)))
  await stores.discard(plain.dataDir)

  if (!args.skipNaive) {
    const naive = await copy('naive')
    say(`  naive per-item run on the first ${Math.min(args.naiveCap, tasks).toLocaleString('en-US')} tasks…`)
    const m = await measure('naive per-item', tasks, () => naiveRun(naive.dataDir, tasks, args.naiveCap))
    if (m.extrapolated) m.notes.push(`extrapolated whole-store time: ${(tasks / m.recordsPerSecond).toFixed(0)} s`)
    record(m)
    await stores.discard(naive.dataDir)
  }

  const migrated = await copy('migrate')
  const session = await EngineSession.open(migrated.dataDir, migrated.backupDir)
  try {
    record(await measure('dry run v1→v2', tasks, () => session.dryRun()))
    let checkpointId = ''
    record(
      await measure(MIGRATE_WITH_CHECKPOINT, tasks, async () => {
        const { work, backupId } = await session.migrate('checkpoint')
        checkpointId = backupId
        return work
      })
    )
    // The portable file of the pre-migration checkpoint, as a person makes it after the run (reads the checkpoint only).
    record(await measure(ARCHIVE_CHECKPOINT, tasks, () => session.archiveCheckpoint(checkpointId)))
    // Puts the v1 checkpoint back over the migrated store: a directory swap, whatever the store's size.
    record(await measure(RESTORE_CHECKPOINT, tasks, () => session.restore(checkpointId, tasks)))
  } finally {
    await session.close()
    await stores.discard(migrated.dataDir)
  }

  const archived = await copy('migrate-archive')
  const archiveSession = await EngineSession.open(archived.dataDir, archived.backupDir)
  try {
    let preMigration = ''
    record(
      await measure(MIGRATE_WITH_ARCHIVE, tasks, async () => {
        const { work, backupId } = await archiveSession.migrate('archive')
        preMigration = backupId
        return work
      })
    )
    // Restores the v1 archive over the migrated store: a new store written from it beside, then swapped in.
    const records = await archiveSession.backupRecords(preMigration)
    const scratch = path.join(path.dirname(archived.dataDir), 'write-into-empty')
    record(await measure(WRITE_INTO_EMPTY, tasks, () => writeIntoEmpty(archiveSession.archivePath(preMigration), scratch)))
    await rm(scratch, { recursive: true, force: true })
    record(await measure(RESTORE_ARCHIVE, tasks, () => archiveSession.restore(preMigration, records)))
  } finally {
    await archiveSession.close()
    await stores.discard(archived.dataDir)
  }

  const cancelled = await copy('migrate-cancel')
  const cancelSession = await EngineSession.open(cancelled.dataDir, cancelled.backupDir)
  try {
    record(await measure(CANCEL_HALFWAY, tasks, () => cancelSession.cancelHalfway(tasks)))
  } finally {
    await cancelSession.close()
    await stores.discard(cancelled.dataDir)
  }

  // The same migration with every record transformed on the main thread: what the worker threads buy, and cost.
  const onMain = await copy('migrate-main')
  const mainSession = await EngineSession.open(onMain.dataDir, onMain.backupDir, { workers: 0 })
  try {
    record(await measure('migrate, main thread only', tasks, async () => (await mainSession.migrate()).work))
  } finally {
    await mainSession.close()
    await stores.discard(onMain.dataDir)
  }

  // The same migration as a user runs it: the CLI in a fresh process, whose peak RSS is its own.
  const byCli = await copy('migrate-cli')
  try {
    record(await cliMigrate(CLI_MIGRATE, tasks, byCli.dataDir, byCli.backupDir))
  } finally {
    await stores.discard(byCli.dataDir)
  }

  const backedUp = await copy('backup')
  const backupSession = await EngineSession.open(backedUp.dataDir, backedUp.backupDir)
  try {
    let id = ''
    record(
      await measure('backup alone', tasks, async () => {
        const { work, backupId } = await backupSession.backup()
        id = backupId
        return work
      })
    )
    record(await measure('verify alone', tasks, () => backupSession.verify(id)))
    const folder = path.join(path.dirname(backedUp.dataDir), 'checkpoint_bench')
    await mkdir(path.dirname(folder), { recursive: true })
    record(await measure('checkpoint', tasks, () => checkpointRun(backedUp.dataDir, folder, tasks)))
    record(await measure('checkpoint hashing (background)', tasks, () => hashCheckpointRun(folder, tasks)))
  } finally {
    await backupSession.close()
    await stores.discard(backedUp.dataDir)
  }
  // Same order as the issue lists them: baselines, naive, migrate, then backup, verify, restore.
  const order = [
    'plain read',
    'raw baseline',
    'first status',
    'count every record',
    'naive per-item',
    'dry run v1→v2',
    MIGRATE_WITH_CHECKPOINT,
    MIGRATE_WITH_ARCHIVE,
    'migrate, main thread only',
    CLI_MIGRATE,
    CANCEL_HALFWAY,
    'backup alone',
    'verify alone',
    'checkpoint',
    'checkpoint hashing (background)',
    RESTORE_CHECKPOINT,
    WRITE_INTO_EMPTY,
    RESTORE_ARCHIVE,
    ARCHIVE_CHECKPOINT
  ]
  size.measurements.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
  size.copySeconds = Math.round((copies.reduce((a, b) => a + b, 0) / copies.length) * 10) / 10

  // Last, on the largest store: the sample buffers and one-shot codecs would otherwise raise the RSS floor of the
  // sizes measured after them.
  if (tasks === args.sizes[args.sizes.length - 1]) {
    say(`  compression comparison and per-record costs on the first ${args.compressionSample.toLocaleString('en-US')} task records…`)
    // Task records (most of the bytes): the store's first keys in order are its episodes and index markers.
    const taskRange = { gte: Buffer.from('task:'), lt: Buffer.from('task;') }
    results.compression = compareCompression(await readSample(template.dir, args.compressionSample, taskRange))
    results.recordCosts = measureRecordCosts(await readSample(template.dir, Math.min(20_000, args.compressionSample), taskRange))
  }
  await stores.discard(template.dir)
  return size
}

async function writeResults(file: string, results: BenchResults): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true })
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`)
}

export async function runBench(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv)
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    machine: machineFacts(),
    seed: SEED_FIGURE,
    storeStrategy: STORE_STRATEGY,
    sizes: [],
    compression: null,
    recordCosts: null,
    targets: []
  }
  if (!(globalThis as { gc?: unknown }).gc) say('note: run with node --expose-gc (npm run bench does) for a steadier RSS floor per measurement')
  const stores = await BenchStores.create()
  try {
    for (const tasks of args.sizes) {
      results.sizes.push(await measureSize(stores, tasks, args, results))
      results.targets = checkTargets(results.sizes)
      results.finishedAt = new Date().toISOString()
      await writeResults(args.out, results) // partial results survive an interrupted large run
    }
  } finally {
    await stores.removeAll()
  }

  const m = results.machine
  console.log(`Meridian Admin benchmark — ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, Node ${m.node}, ${m.platform}, load ${m.load1mAtStart} at start`)
  console.log(`Seed for comparison: ${SEED_FIGURE.itemsPerSecond} items/s (${SEED_FIGURE.source}).`)
  console.log(STORE_STRATEGY)
  console.log(formatTable(results.sizes))
  if (results.recordCosts) console.log(`\nWhere a migrated record's CPU goes (sample of real v1 tasks):\n${formatCosts(results.recordCosts)}`)
  if (results.compression) {
    const c = results.compression
    console.log(
      `\nCompression (frames of the first ${c.sampleRecords.toLocaleString('en-US')} task records as the engine encodes them, ${c.sampleMb} MB):\n${c.verdict}`
    )
  }
  console.log(`\nTargets (issues #6 and #16):\n${formatTargets(results.targets)}`)
  console.log(`\nJSON: ${args.out}`)
  return 0
}
