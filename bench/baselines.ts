import { rm } from 'node:fs/promises'
import { ClassicLevel } from 'classic-level'
import { readBackupEntries, readBackupLayout } from '../src/main/engine/backup/file/backup-reader.ts'
import { createDefaultRegistry, CURRENT_SCHEMA_VERSION } from '../src/main/engine/index.ts'
import { RecordMigrator } from '../src/main/engine/migration/record-migrator.ts'
import type { MeasuredWork } from './monitor.ts'
import { StageTimer } from './monitor.ts'

type Db = ClassicLevel<Buffer, Buffer>
type Op = { type: 'put'; key: Buffer; value: Buffer }

const TASK_RANGE = { gte: Buffer.from('task:'), lt: Buffer.from('task;') }
const BATCH = 1000

async function openDb(dataDir: string): Promise<Db> {
  const db = new ClassicLevel<Buffer, Buffer>(dataDir, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: false })
  await db.open()
  return db
}

/** Every key and value of the store, read with nextv(1000) and touched by nothing: what the backup target is stated against. */
export async function plainRead(dataDir: string): Promise<MeasuredWork> {
  const db = await openDb(dataDir)
  let records = 0
  let bytes = 0
  try {
    const iterator = db.iterator()
    try {
      for (;;) {
        const entries = await iterator.nextv(BATCH)
        if (entries.length === 0) break
        records += entries.length
        for (const [key, value] of entries) bytes += key.length + value.length
      }
    } finally {
      await iterator.close()
    }
  } finally {
    await db.close()
  }
  return { records, details: { rawMb: Math.round(bytes / 1048576) }, notes: [`${(bytes / 1048576).toFixed(0)} MB of keys and values`] }
}

/**
 * The floor for one migration pass: every task record read with nextv, JSON.parse, one field changed, JSON.stringify,
 * written back in batches of 1000. Times each stage, so the report can say where a pass spends its time.
 */
export async function rawBaseline(dataDir: string): Promise<MeasuredWork> {
  const db = await openDb(dataDir)
  const stages = new StageTimer()
  let records = 0
  try {
    const iterator = db.iterator(TASK_RANGE)
    try {
      for (;;) {
        let at = performance.now()
        const entries = await iterator.nextv(BATCH)
        at = stages.add('read', at)
        if (entries.length === 0) break
        const ops: Op[] = new Array(entries.length)
        for (let i = 0; i < entries.length; i++) {
          const [key, value] = entries[i] as [Buffer, Buffer]
          const record = JSON.parse(value.toString('utf8')) as Record<string, unknown>
          record.schema_version = 1
          ops[i] = { type: 'put', key, value: Buffer.from(JSON.stringify(record), 'utf8') }
        }
        at = stages.add('json', at)
        await db.batch(ops)
        stages.add('write', at)
        records += entries.length
      }
    } finally {
      await iterator.close()
    }
  } finally {
    await db.close()
  }
  const details = stages.seconds()
  return {
    records,
    details,
    notes: [`read ${details.readSeconds}s · JSON parse+change+stringify ${details.jsonSeconds}s · batch writes ${details.writeSeconds}s`]
  }
}

/**
 * The seed's way: list the task keys, then one get and one put per item, no batching, with the same record work
 * as our pass (Meridian's v1 → v2 step with its schema checks). Stops after `cap` records: its rate is what
 * is reported, and the time for the whole store is extrapolated from it.
 */
export async function naiveRun(dataDir: string, storeTasks: number, cap: number): Promise<MeasuredWork> {
  const db = await openDb(dataDir)
  const stages = new StageTimer()
  const migrator = new RecordMigrator(createDefaultRegistry(), 'task:', CURRENT_SCHEMA_VERSION, 1)
  let records = 0
  try {
    let at = performance.now()
    const keys = await db.keys({ ...TASK_RANGE, limit: cap }).all()
    at = stages.add('listKeys', at)
    for (const key of keys) {
      const value = await db.get(key)
      at = stages.add('get', at)
      if (value === undefined) continue
      const outcome = migrator.migrate(key.toString('utf8'), value)
      at = stages.add('transform', at)
      if (outcome.kind === 'migrated') await db.put(key, outcome.value)
      at = stages.add('put', at)
      records++
    }
  } finally {
    await db.close()
  }
  const partial = records < storeTasks
  const details = stages.seconds()
  return {
    records,
    details,
    extrapolated: partial,
    notes: [
      ...(partial
        ? [`capped: ran on the first ${records.toLocaleString('en-US')} of ${storeTasks.toLocaleString('en-US')} tasks; rate extrapolated to the whole store`]
        : []),
      `get ${details.getSeconds}s · transform ${details.transformSeconds}s · put ${details.putSeconds}s`
    ]
  }
}

/**
 * The least any restore from archive `file` does: decode its records (the format's own reader, which checks them)
 * and write them into an empty LevelDB store in batches of 1,000, unsynced, then close it. What the target for a
 * restore from an archive is stated against.
 */
export async function writeIntoEmpty(file: string, dataDir: string): Promise<MeasuredWork> {
  await rm(dataDir, { recursive: true, force: true })
  const layout = await readBackupLayout(file, 'baseline')
  const db = new ClassicLevel<Buffer, Buffer>(dataDir, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: true })
  await db.open()
  let records = 0
  try {
    let ops: Op[] = []
    for await (const batch of readBackupEntries(file, layout)) {
      for (const [key, value] of batch) {
        ops.push({ type: 'put', key, value })
        if (ops.length === BATCH) {
          await db.batch(ops)
          ops = []
        }
      }
      records += batch.length
    }
    if (ops.length > 0) await db.batch(ops)
  } finally {
    await db.close()
  }
  return { records, notes: ['decoded from the archive and written in batches of 1,000, unsynced'] }
}
