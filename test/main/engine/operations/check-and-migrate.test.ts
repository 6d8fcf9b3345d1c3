import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkAndMigrate } from '../../../../src/main/engine/operations/check-and-migrate.ts'
import { recordingLogger } from '../../../helpers/recording-logger.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { SPEC_REFS_SET } from '../../../helpers/example-set.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { putRaw, readTasks, rejectionOf, snapshotDir, useTempStores, without } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

const stores = useTempStores()

/** A closed v1 store directory with `tasks` tasks (plus foreign keys). */
async function v1StoreDir(tasks: number, extra?: (store: MeridianStore) => Promise<void>): Promise<string> {
  const store = await stores.newStore()
  await seedV1Store(store, tasks)
  await extra?.(store)
  await store.close()
  return store.dataDir
}

const STEP_1 = 'Running migration: Task v1 → v2: Add depends_on and related_tasks fields'
const STEP_2 = 'Running migration: Task v2 → v3: Replace spec_ref with spec_refs'

describe('checkAndMigrate', () => {
  it('migrates a v1 store to v3 with the example set (migrationsDir), logging the seed’s lines at the seed’s levels, and closes the store', async () => {
    const dataDir = await v1StoreDir(12)
    const logger = recordingLogger()
    const result = await checkAndMigrate(dataDir, { logger, migrationsDir: SPEC_REFS_SET })
    expect(result).toMatchObject({ status: 'migrated', from: 1, to: 3, itemsMigrated: 12 })
    const lines = logger.lines
    expect(lines[0]).toEqual({ level: 'info', message: 'Checking schema version...' })
    expect(lines).toContainEqual({ level: 'info', message: 'Current schema version: v1, Target version: v3' })
    expect(lines).toContainEqual({ level: 'warn', message: 'Schema migration required: v1 -> v3' })
    expect(lines).toContainEqual({ level: 'info', message: 'Starting automatic migration...' })
    expect(lines).toContainEqual({ level: 'info', message: STEP_1 })
    expect(lines).toContainEqual({ level: 'info', message: STEP_2 })
    expect(lines).toContainEqual({ level: 'info', message: 'Found 12 items to migrate' })
    expect(lines).toContainEqual({ level: 'info', message: `Backup created: ${result.backupId}` })
    expect(lines).toContainEqual({ level: 'info', message: '✓ Migration completed successfully' })
    expect(logger.messages().some((m) => /^ {2}- v1 -> v3: 12 items migrated in \d+\.\d\ds$/.test(m))).toBe(true)
    expect(lines.at(-1)).toEqual({ level: 'info', message: `    Backup created: ${result.backupId}` })
    expect(lines.filter((l) => l.level === 'error')).toEqual([])

    // Closed again, so the host server can open it; and the tasks really are v3.
    const reopened = await stores.open(dataDir)
    expect(await reopened.readVersion()).toBe(3)
    expect([...(await readTasks(reopened.db)).values()].every((t) => t.schema_version === 3)).toBe(true)
  })

  it('logs the seed’s start-up lines in the seed’s order', async () => {
    const logger = recordingLogger()
    await checkAndMigrate(await v1StoreDir(3), { logger, migrationsDir: SPEC_REFS_SET })
    const order = [
      'Checking schema version...',
      'Current schema version: v1, Target version: v3',
      'Schema migration required: v1 -> v3',
      'Starting automatic migration...',
      STEP_1,
      STEP_2,
      '✓ Migration completed successfully'
    ]
    expect(logger.messages().filter((m) => order.includes(m))).toEqual(order)
  })

  it('logs "Found 0 items to migrate" once on a v1 store without tasks', async () => {
    const store = await stores.newStore()
    await putRaw(store.db, 'episode:e1', { id: 'e1' })
    await store.close()
    const logger = recordingLogger()
    const result = await checkAndMigrate(store.dataDir, { logger })
    expect(result).toMatchObject({ status: 'migrated', itemsMigrated: 0 })
    expect(logger.messages().filter((m) => m.startsWith('Found '))).toEqual(['Found 0 items to migrate'])
  })

  it("brings a v1 store to Meridian's v2 with the built-in set alone, in one step", async () => {
    const dataDir = await v1StoreDir(5)
    const logger = recordingLogger()
    expect(await checkAndMigrate(dataDir, { logger })).toMatchObject({ status: 'migrated', from: 1, to: 2, itemsMigrated: 5 })
    expect(logger.messages()).toContain('Current schema version: v1, Target version: v2')
    expect(logger.messages()).toContain(STEP_1)
    expect(logger.messages()).not.toContain(STEP_2)
    const reopened = await stores.open(dataDir)
    expect(await reopened.readVersion()).toBe(2)
  })

  it('does nothing but report on a Meridian v2 store: it is up to date', async () => {
    const store = await stores.newStore({ initialVersion: 2 })
    await store.close()
    const before = await snapshotDir(store.dataDir)
    const logger = recordingLogger()
    expect(await checkAndMigrate(store.dataDir, { logger })).toMatchObject({ status: 'up-to-date', itemsMigrated: 0, backupId: null })
    expect(logger.messages()).toContain('Current schema version: v2, Target version: v2')
    expect(logger.messages()).not.toContain('Starting automatic migration...')
    expect(await snapshotDir(store.dataDir)).toEqual(before)
  })

  it('throws MIGRATION_SET_INVALID for a migrationsDir that does not exist, before opening the store', async () => {
    const dataDir = await v1StoreDir(2)
    const before = await snapshotDir(dataDir)
    const error = await rejectionOf(checkAndMigrate(dataDir, { logger: recordingLogger(), migrationsDir: `${dataDir}-no-such-set` }))
    expect(error.code).toBe('MIGRATION_SET_INVALID')
    expect(await snapshotDir(dataDir)).toEqual(before)
    expect(existsSync(`${dataDir}.backups`)).toBe(false)
  })

  it('does nothing but report on a store already at v3 with the example set', async () => {
    const store = await stores.newStore({ initialVersion: 3 })
    await store.close()
    const before = await snapshotDir(store.dataDir)
    const logger = recordingLogger()
    expect(await checkAndMigrate(store.dataDir, { logger, migrationsDir: SPEC_REFS_SET })).toMatchObject({
      status: 'up-to-date',
      itemsMigrated: 0,
      backupId: null
    })
    expect(logger.messages()).toContain('Current schema version: v3, Target version: v3')
    expect(logger.messages()).not.toContain('Starting automatic migration...')
    expect(await snapshotDir(store.dataDir)).toEqual(before)
  })

  it('throws MIGRATION_FAILED after rolling back a store with a corrupt task, logging the seed’s failure lines', async () => {
    const dataDir = await v1StoreDir(8, (store) => putRaw(store.db, 'task:t00004x', taskV1({ status: 'finished' })))
    const before = await snapshotDir(dataDir)
    const logger = recordingLogger()
    const error = await rejectionOf(checkAndMigrate(dataDir, { logger }))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('task:t00004x')
    const errors = logger.lines.filter((l) => l.level === 'error').map((l) => l.message)
    expect(errors[0]).toMatch(/^✗ Migration failed: .*\(key task:t00004x\)$/)
    expect(errors).toContain('Database has been rolled back to previous state')
    expect(without(await snapshotDir(dataDir), '_migration_history')).toEqual(without(before, '_migration_history'))
  })

  it.each([
    ["v3 with the built-in set (Meridian's v2)", 3, {}],
    ['v4 with the example set loaded (it reaches v3)', 4, { migrationsDir: SPEC_REFS_SET }]
  ])('throws VERSION_TOO_NEW for a store at %s, logging it, and leaves the store closed and unchanged', async (_label, version, set) => {
    const store = await stores.newStore({ initialVersion: version })
    await store.close()
    const before = await snapshotDir(store.dataDir)
    const logger = recordingLogger()
    const error = await rejectionOf(checkAndMigrate(store.dataDir, { logger, ...set }))
    expect(error.code).toBe('VERSION_TOO_NEW')
    expect(logger.lines).toContainEqual({ level: 'error', message: `✗ ${error.message}` })
    expect(await snapshotDir(store.dataDir)).toEqual(before)
  })

  it('throws DATA_DIR_NOT_FOUND for a missing directory and creates neither it nor a backup folder', async () => {
    const dataDir = await stores.dataDirPath()
    const error = await rejectionOf(checkAndMigrate(dataDir, { logger: recordingLogger() }))
    expect(error.code).toBe('DATA_DIR_NOT_FOUND')
    expect(existsSync(dataDir)).toBe(false)
    expect(existsSync(`${dataDir}.backups`)).toBe(false)
  })

  it('throws DATABASE_LOCKED while another handle holds the store', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 2)
    const error = await rejectionOf(checkAndMigrate(store.dataDir, { logger: recordingLogger() }))
    expect(error.code).toBe('DATABASE_LOCKED')
    expect(await store.readVersion()).toBe(1)
  })
})
