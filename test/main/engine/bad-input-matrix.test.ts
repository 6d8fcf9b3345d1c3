/**
 * Issue #5's bad-input matrix, part 1: what the store directory holds and what its records hold. Each case
 * asserts the error code, a message naming the problem (path, key or id), and that nothing changed: every key
 * and value byte for byte, and for directory cases every file under the folder (nothing created beside it).
 * Cases already proven elsewhere are not repeated here; see the list in the report of issue #5.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorAdvice } from '../../../src/shared/errors.ts'
import { MigrationManager } from '../../../src/main/engine/operations/migration-manager.ts'
import { taskV1ToV2 } from '../../../src/main/engine/migrations/task-v1-to-v2.ts'
import { taskV2ToV3 } from '../../helpers/example-set.ts'
import { OPERATION_KEY } from '../../../src/main/engine/operations/operation-record.ts'
import { MigrationRegistry } from '../../../src/main/engine/migration/registry.ts'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { seedV1Store } from '../../helpers/fixture-stores.ts'
import { foreignPart, foreignSnapshot } from '../../helpers/foreign-keys.ts'
import { fsState, holdStoreInAnotherProcess, immutableFilesWork, setImmutable } from '../../helpers/fs-state.ts'
import { taskV1 } from '../../helpers/tasks.ts'
import { listDir, putRaw, rejectionOf, snapshotDb, snapshotDir, useTempStores, without } from '../../helpers/temp-store.ts'

const stores = useTempStores()

/** A closed v1 store of `count` tasks plus the foreign keys, with its data in an .ldb table and a .log. */
async function closedStore(count = 30): Promise<{ root: string; dataDir: string }> {
  const store = await stores.newStore()
  await seedV1Store(store, count)
  await store.close()
  // A second open turns the first log into a table; the write lands in a fresh log.
  const again = await MeridianStore.open(store.dataDir, { access: 'write' })
  await putRaw(again.db, 'task:zz-last', taskV1({ id: 'zz-last', description: 'x'.repeat(300) }))
  await again.close()
  return { root: path.dirname(store.dataDir), dataDir: store.dataDir }
}

describe('a data directory that is not a usable store', () => {
  it.each([
    ['a missing directory', 'DATA_DIR_NOT_FOUND', async (_dataDir: string): Promise<void> => undefined],
    ['a file instead of a directory', 'NOT_A_DIRECTORY', (dataDir: string) => writeFile(dataDir, 'not a store\n')],
    ['an empty directory', 'NOT_A_DATABASE', (dataDir: string) => mkdir(dataDir)],
    [
      'a directory of unrelated files (not LevelDB)',
      'NOT_A_DATABASE',
      async (dataDir: string) => {
        await mkdir(path.join(dataDir, 'photos'), { recursive: true })
        await writeFile(path.join(dataDir, 'notes.txt'), 'hello')
        await writeFile(path.join(dataDir, 'data.json'), '{"tasks": []}')
        await writeFile(path.join(dataDir, 'photos', 'a.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00]))
      }
    ]
  ] as const)('%s: %s naming the path, nothing created or changed', async (_label, code, setup) => {
    const root = await stores.root()
    const dataDir = path.join(root, 'store')
    await setup(dataDir)
    const before = await fsState(root)

    const error = await rejectionOf(MeridianStore.open(dataDir))

    expect(error.code).toBe(code)
    expect(error.message).toContain(dataDir)
    expect(await fsState(root)).toEqual(before)
  })

  it('a store another process holds open: read from a snapshot showing the holder, a write refused as STORE_IN_USE naming its pid and command, nothing written', async () => {
    const { root, dataDir } = await closedStore()
    const holder = await holdStoreInAnotherProcess(dataDir)
    const before = await fsState(root) // as the holder's own open left it
    let status
    let error
    let opening
    try {
      const store = await MeridianStore.open(dataDir)
      try {
        const manager = new MigrationManager(store)
        status = await manager.status()
        error = await rejectionOf(manager.migrate())
      } finally {
        await store.close()
      }
      opening = await rejectionOf(MeridianStore.open(dataDir, { access: 'write' }))
    } finally {
      await holder.release()
    }
    expect(status.inUseBy).toEqual([{ pid: holder.pid, command: expect.stringContaining('ClassicLevel') }])
    for (const refusal of [error, opening]) {
      expect(refusal.code).toBe('STORE_IN_USE')
      expect(refusal.message).toContain(dataDir)
      expect(refusal.message).toContain(`pid ${holder.pid} (`)
    }
    expect(errorAdvice.STORE_IN_USE).toContain('Meridian')
    expect(await fsState(root)).toEqual(before)
  })

  const canMakeReadOnly = immutableFilesWork()
  // As root, file modes stop no write; `chattr +i` does, where the file system and capabilities allow it.
  it.skipIf(!canMakeReadOnly).each([
    ['the directory and every file in it', true],
    ['only the directory (no file can be created)', false]
  ])('a read-only store (chattr +i on %s): read from a snapshot, a write READ_ONLY naming the path, nothing changed', async (_label, files) => {
    const { root, dataDir } = await closedStore()
    const content = await snapshotDir(dataDir)
    // LevelDB truncates its own text log (LOG) when the write open tries; that diagnostic file is not data.
    const before = await fsState(root, ['LOG', 'LOG.old'])
    setImmutable(dataDir, true, { files })
    let error
    let status
    try {
      const store = await MeridianStore.open(dataDir)
      try {
        const manager = new MigrationManager(store, { backupDir: path.join(root, 'backups') })
        status = await manager.status()
        error = await rejectionOf(manager.migrate())
      } finally {
        await store.close()
      }
    } finally {
      setImmutable(dataDir, false, { files })
    }
    expect(status.currentVersion).toBe(1)
    expect({ code: error.code, message: error.message }).toEqual({ code: 'READ_ONLY', message: expect.stringContaining(dataDir) })
    expect(await snapshotDir(dataDir)).toEqual(content)
    expect(await fsState(root, ['LOG', 'LOG.old'])).toEqual(before)
  })
})

/** Overwrites 16 bytes a quarter of the way into the first file of `dataDir` whose name passes `pick`. */
async function damage(dataDir: string, pick: (name: string) => boolean): Promise<string> {
  const name = (await readdir(dataDir)).sort().find(pick)
  if (!name) throw new Error(`no such file in ${dataDir}: ${(await readdir(dataDir)).join(', ')}`)
  const file = path.join(dataDir, name)
  const bytes = await readFile(file)
  const at = Math.floor(bytes.length / 4)
  for (let i = at; i < Math.min(at + 16, bytes.length); i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff
  await writeFile(file, bytes)
  return name
}

describe('a corrupt LevelDB file', () => {
  it.each([
    ['the MANIFEST', (dir: string) => damage(dir, (name) => name.startsWith('MANIFEST-'))],
    [
      'CURRENT (naming a MANIFEST that does not exist)',
      async (dir: string) => {
        await writeFile(path.join(dir, 'CURRENT'), 'MANIFEST-999999\n')
        return 'CURRENT'
      }
    ],
    ['an .ldb table', (dir: string) => damage(dir, (name) => name.endsWith('.ldb'))]
  ])('in %s: CORRUPT_DATABASE naming the store, its data files untouched, no backup', async (_label, corrupt) => {
    const { dataDir } = await closedStore()
    const damaged = await corrupt(dataDir)
    // The data files (tables, the log, MANIFEST, CURRENT) as damaged; LevelDB's own text log LOG may change.
    const dataFiles = async (): Promise<Record<string, string>> => {
      const state = await fsState(dataDir, ['LOG', 'LOG.old', 'LOCK'])
      const files = state && 'dir' in state ? state.dir : {}
      return Object.fromEntries(Object.entries(files).filter(([name]) => name.endsWith('.ldb') || name === damaged))
    }
    const before = await dataFiles()
    const backupDir = `${dataDir}.backups`

    // Whichever step finds the damage (the open, or the first read), the answer must be the coded error; once
    // the store opens, every operation on it must give that answer, not a raw LevelDB error or IO_ERROR.
    const errors: Array<Error & { code?: string }> = []
    let store: MeridianStore | null = null
    try {
      store = await MeridianStore.open(dataDir)
    } catch (error) {
      errors.push(error as Error)
    }
    if (store) {
      const manager = new MigrationManager(store, { backupDir })
      // The status reads a few keys only (they may lie outside the damage); counting reads every one.
      for (const attempt of [() => manager.recordCounts(), () => manager.migrate(), () => manager.createBackup()]) {
        errors.push(await rejectionOf(attempt()).catch((error: Error) => error))
      }
      await store.close()
    }

    for (const error of errors) {
      expect({ code: error.code, name: error.name }).toEqual({ code: 'CORRUPT_DATABASE', name: 'MeridianError' })
      expect(error.message).toContain(dataDir)
    }
    // Files that were there are untouched; opening may add a table (LevelDB turns its log into one on open).
    const after = await dataFiles()
    expect(Object.fromEntries(Object.keys(before).map((name) => [name, after[name]]))).toEqual(before)
    // No archive was written (its read stops at the damage); a migration's checkpoint, taken before its pass found
    // the damage, may stay: it is the store as it was, and shares its tables.
    expect((await listDir(backupDir)).filter((name) => !name.endsWith('.checkpoint'))).toEqual([])
  })

  // Known limitation, kept visible: LevelDB without paranoid_checks (classic-level does not expose it) drops a log
  // record whose checksum fails and opens without an error, so the damaged last writes are lost silently.
  it.skip('in the .log (the last writes): CORRUPT_DATABASE — skipped: LevelDB drops corrupt log records silently (no paranoid_checks in classic-level)', () => {})
})

describe('records the migration cannot read', () => {
  // Not JSON, a schema failure and schema_version "2" are in migration-manager-failures.test.ts.
  it.each([
    ['2.5', 2.5],
    ['-1', -1],
    ['null', null],
    ['true', true],
    ['[2]', [2]]
  ])('schema_version %s: MIGRATION_FAILED naming the key, store identical except _migration_history', async (_label, version) => {
    const store = await stores.newStore()
    await seedV1Store(store, 20)
    await putRaw(store.db, 'task:t00010-wrong-version', taskV1({ id: 'wrong', schema_version: version }))
    const before = await snapshotDb(store.db)

    const error = await rejectionOf(new MigrationManager(store).migrate())

    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('task:t00010-wrong-version')
    expect(error.message).toContain('schema_version')
    const after = await snapshotDb(store.db)
    expect(without(after, '_migration_history')).toEqual(without(before, '_migration_history'))
    expect(foreignPart(after)).toEqual(foreignSnapshot())
  })
})

describe('store-wide facts the tool cannot work from', () => {
  it.each([['garbage'], ['"3"'], ['{"version":3}'], ['-1'], ['null'], [''], ['1e400']])(
    '_schema_version %j: CORRUPT_DATABASE naming the key from status and migrate, nothing written',
    async (text) => {
      const store = await stores.newStore()
      await seedV1Store(store, 10)
      await putRaw(store.db, '_schema_version', text)
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)
      // The status reads a few keys only (they may lie outside the damage); counting reads every one.
      for (const attempt of [() => manager.recordCounts(), () => manager.migrate(), () => manager.createBackup()]) {
        const error = await rejectionOf(attempt())
        expect(error.code).toBe('CORRUPT_DATABASE')
        expect(error.message).toContain('_schema_version')
      }
      expect(await snapshotDb(store.db)).toEqual(before)
      expect(await listDir(manager.backupDir)).toEqual([])
    }
  )

  // A registry with a gap is refused at construction: registry.test.ts, 'rejects a gap in the upgrade chain'.
  it.each([
    ['has only v2 → v3 (the store at v1 needs v1 → v2)', [taskV2ToV3], 'v1 to v2'],
    ['has only v1 → v2 (the target v3 needs v2 → v3)', [taskV1ToV2], 'v2 to v3']
  ])('a registry that %s: MIGRATION_PATH_MISSING from migrate and dry run, nothing written', async (_label, migrations, step) => {
    const store = await stores.newStore()
    await seedV1Store(store, 10)
    const before = await snapshotDb(store.db)
    const manager = new MigrationManager(store, { registry: new MigrationRegistry(migrations), targetVersion: 3 })
    for (const attempt of [() => manager.migrate(), () => manager.dryRun()]) {
      const error = await rejectionOf(attempt())
      expect(error.code).toBe('MIGRATION_PATH_MISSING')
      expect(error.message).toContain(step)
    }
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await listDir(manager.backupDir)).toEqual([])
  })

  it.each([
    ['not JSON', 'not json {'],
    ['JSON of the wrong shape', '{"kind":"migrate","phase":"sideways"}']
  ])('an unreadable _admin:operation note (%s): CORRUPT_DATABASE from status, and a restore still works and clears it', async (_label, note) => {
    const store = await stores.newStore()
    await seedV1Store(store, 20)
    const { id } = await new MigrationManager(store).createBackup()
    const good = await snapshotDb(store.db)
    await putRaw(store.db, OPERATION_KEY, note)
    const before = await snapshotDb(store.db)
    const manager = new MigrationManager(store)

    for (const attempt of [() => manager.status(), () => manager.migrate(), () => manager.history()]) {
      const error = await rejectionOf(attempt())
      expect(error.code).toBe('CORRUPT_DATABASE')
      expect(error.message).toContain(OPERATION_KEY)
    }
    expect(await snapshotDb(store.db)).toEqual(before)

    await manager.restoreBackup(id)
    const after = await snapshotDb(store.db)
    expect(await store.getText(OPERATION_KEY)).toBeUndefined()
    expect(without(after, '_migration_history')).toEqual(without(good, '_migration_history'))
    expect((await new MigrationManager(store).status()).currentVersion).toBe(1)
  })
})

describe('two operations at once in one process', () => {
  // migration-manager.test.ts ('answers BUSY to a second operation while a migration runs') covers a migration
  // first; here a backup runs first, so the store must stay byte-identical and the message must say why.
  it('a migration, dry run, restore or deletion during a backup: BUSY naming the backup and the store; the backup completes', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 2000)
    const before = await snapshotDb(store.db)
    const manager = new MigrationManager(store)
    const running = manager.createBackup()
    for (const second of [
      manager.migrate(),
      manager.dryRun(),
      manager.restoreBackup('backup_20240101_120000'),
      manager.deleteBackup('backup_20240101_120000')
    ]) {
      const error = await rejectionOf(second)
      expect(error.code).toBe('BUSY')
      expect(error.message).toContain('backup')
      expect(error.message).toContain(store.dataDir)
    }
    const backup = await running
    expect((await manager.verifyBackup(backup.id)).ok).toBe(true)
    expect(await snapshotDb(store.db)).toEqual(before)
    expect((await manager.listBackups()).map((b) => b.id)).toEqual([backup.id])
  })
})
