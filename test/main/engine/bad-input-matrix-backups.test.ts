/**
 * Issue #5's bad-input matrix, part 2: backup ids, and contents that stress the byte paths (values of several MB,
 * keys that are not ASCII or not UTF-8 at all). Truncated and bit-flipped backups are proven in
 * backup/backup-reader.test.ts ('a damaged backup file'); the ids `/`, `..` and '' there too, by code only.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../helpers/fixture-stores.ts'
import { foreignPart, foreignSnapshot } from '../../helpers/foreign-keys.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { taskV1, taskV2 } from '../../helpers/tasks.ts'
import { hexOf, putAll, readTasks, rejectionOf, snapshotDb, useTempStores, without, type Snapshot } from '../../helpers/temp-store.ts'

const stores = useTempStores()

/** The snapshot without the keys operations may write: the history and the tool's `_admin:` bookkeeping. */
const content = (snapshot: Snapshot): Snapshot =>
  Object.fromEntries(Object.entries(without(snapshot, '_migration_history')).filter(([key]) => !key.startsWith(hexOf('_admin:'))))

describe('backup ids that are not ids', () => {
  it.each([
    ['a backslash path', 'sub\\backup_20240101_120000'],
    ['a backslash ..', '..\\backup_20240101_120000'],
    ['an absolute path', '/etc/passwd'],
    ['an absolute Windows path', 'C:\\backups\\backup_20240101_120000'],
    ['a dot', '.'],
    ['a trailing slash', 'backup_20240101_120000/'],
    ['a trailing newline', 'backup_20240101_120000\n'],
    ['a file name with extension', 'backup_20240101_120000.mrdnbak']
  ])('%s (%j): INVALID_INPUT naming it for verify, restore and delete; store and backups unchanged', async (_label, id) => {
    const store = await stores.newStore()
    await seedV1Store(store, 10)
    const manager = new MigrationManager(store)
    await manager.createBackup()
    const before = await snapshotDb(store.db)
    const backupsBefore = await fsState(path.dirname(store.dataDir))
    for (const attempt of [() => manager.verifyBackup(id), () => manager.restoreBackup(id), () => manager.deleteBackup(id)]) {
      const error = await rejectionOf(attempt())
      expect(error.code).toBe('INVALID_INPUT')
      expect(error.message).toContain(`"${id}"`)
    }
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await fsState(path.dirname(store.dataDir))).toEqual(backupsBefore)
  })

  // Verify and restore of an unknown id: backup-reader.test.ts and cli-backups.test.ts, by code only.
  it('an unknown id: BACKUP_NOT_FOUND naming the id and the folder, for verify, restore and delete; nothing changed', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 10)
    const manager = new MigrationManager(store)
    await manager.createBackup()
    const before = await snapshotDb(store.db)
    const filesBefore = await fsState(path.dirname(store.dataDir))
    for (const attempt of [
      () => manager.verifyBackup('backup_19990101_000000'),
      () => manager.restoreBackup('backup_19990101_000000'),
      () => manager.deleteBackup('backup_19990101_000000')
    ]) {
      const error = await rejectionOf(attempt())
      expect(error.code).toBe('BACKUP_NOT_FOUND')
      expect(error.message).toContain('backup_19990101_000000')
      expect(error.message).toContain(manager.backupDir)
    }
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await fsState(path.dirname(store.dataDir))).toEqual(filesBefore)
  })
})

/**
 * migrate (with its pre-migration backup), a manual backup, verify, a change, a restore of the manual backup and
 * (with `undo`) a restore of the pre-migration one: `check` proves the odd entries survive each stage byte for byte.
 */
async function roundTrip(
  entries: ReadonlyArray<readonly [string | Buffer, string | Buffer | object]>,
  check: (snapshot: Snapshot, stage: string) => void,
  options: { undo: boolean }
): Promise<void> {
  const store = await stores.newStore()
  await seedV1Store(store, 20)
  await putAll(store.db, entries)
  const original = await snapshotDb(store.db)
  const manager = new MigrationManager(store)

  const migrated = await manager.migrate()
  expect(migrated.status).toBe('migrated')
  const afterMigrate = await snapshotDb(store.db)
  check(afterMigrate, 'migrate')
  expect(foreignPart(afterMigrate)).toEqual(foreignSnapshot())

  const backup = await manager.createBackup()
  expect(await manager.verifyBackup(backup.id)).toMatchObject({ ok: true, problem: null })

  // Change every odd entry (and add one) so the restore has to write them all back.
  await putAll(store.db, [...entries.map(([key]) => [key, 'changed'] as const), ['task:added-later', taskV1({ id: 'added' })]])
  await manager.restoreBackup(backup.id)
  const restored = await snapshotDb(store.db)
  expect(content(restored)).toEqual(content(afterMigrate))
  check(restored, 'restore')
  if (!options.undo) return

  expect(await manager.verifyBackup(migrated.backupId ?? '')).toMatchObject({ ok: true, problem: null })
  await manager.restoreBackup(migrated.backupId ?? '')
  const undone = await snapshotDb(store.db)
  expect(content(undone)).toEqual(content(original))
  check(undone, 'restore of the pre-migration backup')
}

describe('contents that stress the byte paths survive migrate, backup, verify and restore', () => {
  it('huge values: a 6 MB episode: value (random bytes) and a task with a 3 MB description', async () => {
    const episode = randomBytes(6 * 1024 * 1024)
    const description = 'Ünïcödé ✓ '.repeat(300 * 1024).slice(0, 3 * 1024 * 1024)
    await roundTrip(
      [
        ['episode:huge', episode],
        ['task:huge', taskV1({ id: 'huge', description })]
      ],
      (snapshot, stage) => {
        expect(snapshot[hexOf('episode:huge')] === episode.toString('hex'), `episode:huge after ${stage}`).toBe(true)
        const task = JSON.parse(Buffer.from(snapshot[hexOf('task:huge')] ?? '', 'hex').toString('utf8')) as { description: string }
        expect(task.description === description, `task:huge description after ${stage}`).toBe(true)
      },
      // Reading a 6 MB frame back costs seconds (see the report on FrameDecoder), so one restore is enough here.
      { undo: false }
    )
  })

  it('non-ASCII task keys and binary keys and values (every byte 0x00–0xff, invalid UTF-8) under other prefixes', async () => {
    const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const binary: Array<readonly [Buffer, Buffer]> = [
      [Buffer.concat([Buffer.from('blob:'), allBytes]), Buffer.concat([allBytes, Buffer.from(allBytes).reverse()])],
      [Buffer.concat([Buffer.from('episode:'), Buffer.from([0xed, 0xa0, 0x80, 0xf8, 0x80, 0x00])]), Buffer.from([0xc0, 0xaf, 0xfe, 0xff, 0x00])],
      [Buffer.from('episode:🚀 émoji'), Buffer.from('{"emoji":"🚀","nul":"\\u0000"}')],
      [Buffer.from([0x00]), Buffer.from([0xff])]
    ]
    const tasks = [
      ['task:日本語', taskV1({ id: '日本語', title: 'タスク' })],
      ['task:🚀-emoji', taskV2({ id: '🚀', title: '🚀 launch' })],
      ['task:ελληνικά', taskV1({ id: 'ελληνικά', tags: ['ü', '✓'] })]
    ] as const
    await roundTrip(
      [...binary, ...tasks],
      (snapshot, stage) => {
        for (const [key, value] of binary) expect(snapshot[key.toString('hex')], `${hexOf(key)} after ${stage}`).toBe(value.toString('hex'))
        for (const [key] of tasks) expect(snapshot[hexOf(key)], `${key} after ${stage}`).toBeDefined()
      },
      { undo: true }
    )
    // After the final restore (of the pre-migration backup) the tasks are back at their own versions, and after
    // a second migration each is at v2 under its own key.
    const store = await stores.newStore()
    await putAll(store.db, [...binary, ...tasks])
    await new MigrationManager(store).migrate()
    const migrated = await readTasks(store.db)
    expect([...migrated.keys()].sort()).toEqual(tasks.map(([key]) => key).sort())
    for (const [key, task] of tasks) expect(migrated.get(key)).toMatchObject({ id: task.id, title: task.title, schema_version: 2 })
    const snapshot = await snapshotDb(store.db)
    for (const [key, value] of binary) expect(snapshot[key.toString('hex')]).toBe(value.toString('hex'))
  })
})
