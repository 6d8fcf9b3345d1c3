import { mkdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorAdvice, formatError } from '../../../../src/shared/errors.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { CURRENT_SCHEMA_VERSION } from '../../../../src/main/engine/support/constants.ts'
import { holdStoreInAnotherProcess } from '../../../helpers/fs-state.ts'
import { listDir, putRaw, readJson, rejectionOf, useTempStores } from '../../../helpers/temp-store.ts'

const stores = useTempStores()

/** Holds a store open from another Node process, as a running Meridian would; resolves once it is open. */
describe('opening a store', () => {
  it('fails a missing directory with DATA_DIR_NOT_FOUND and does not create it', async () => {
    const dataDir = await stores.dataDirPath()
    const error = await rejectionOf(MeridianStore.open(dataDir))
    expect(error.code).toBe('DATA_DIR_NOT_FOUND')
    expect(error.message).toContain(dataDir)
    expect(existsSync(dataDir)).toBe(false)
  })

  it('fails a file with NOT_A_DIRECTORY', async () => {
    const file = path.join(await stores.root(), 'CURRENT')
    await writeFile(file, 'not a store')
    expect((await rejectionOf(MeridianStore.open(file))).code).toBe('NOT_A_DIRECTORY')
  })

  it('fails an empty directory with NOT_A_DATABASE and leaves it empty', async () => {
    const dataDir = await stores.dataDirPath()
    await mkdir(dataDir)
    expect((await rejectionOf(MeridianStore.open(dataDir))).code).toBe('NOT_A_DATABASE')
    expect(await listDir(dataDir)).toEqual([])
  })

  it('fails a directory of other files with NOT_A_DATABASE', async () => {
    const dataDir = await stores.dataDirPath()
    await mkdir(dataDir)
    await writeFile(path.join(dataDir, 'notes.txt'), 'hello')
    expect((await rejectionOf(MeridianStore.open(dataDir))).code).toBe('NOT_A_DATABASE')
    expect(await listDir(dataDir)).toEqual(['notes.txt'])
  })

  it('gives DATABASE_LOCKED when the same store is opened twice, with advice that Meridian may be running', async () => {
    const store = await stores.newStore()
    // This process is skipped by the in-use scan (it is not "another process"): LevelDB's own lock answers.
    const error = await rejectionOf(stores.open(store.dataDir, { access: 'write' }))
    expect(error.code).toBe('DATABASE_LOCKED')
    expect(error.message).toContain(store.dataDir)
    const shown = formatError({ code: 'DATABASE_LOCKED', message: error.message })
    expect(shown).toContain('Meridian itself may be running')
    expect(errorAdvice.DATABASE_LOCKED).toMatch(/another process/i)
  })

  it('reads a store another process holds open, and gives STORE_IN_USE naming that process when opened for writing', async () => {
    const first = await stores.newStore()
    await putRaw(first.db, 'task:a', '{}')
    const dataDir = first.dataDir
    await first.close()
    const holder = await holdStoreInAnotherProcess(dataDir)
    try {
      const reading = await stores.open(dataDir)
      expect(await readJson(reading.db, 'task:a')).toEqual({})
      await reading.close()
      const error = await rejectionOf(MeridianStore.open(dataDir, { access: 'write' }))
      expect(error.code).toBe('STORE_IN_USE')
      expect(error.message).toContain(`pid ${holder.pid} (`)
    } finally {
      await holder.release()
    }
    const reopened = await stores.open(dataDir)
    expect(await readJson(reopened.db, 'task:a')).toEqual({})
  })

  it('opens again once the first handle is closed', async () => {
    const store = await stores.newStore()
    await putRaw(store.db, 'k', 'v')
    await store.close()
    const again = await stores.open(store.dataDir)
    expect(await again.getText('k')).toBe('v')
  })
})

describe('store version and history', () => {
  it('reads a store without _schema_version as v1', async () => {
    const store = await stores.newStore()
    expect(await store.readVersion()).toBe(1)
  })

  it('starts a store it creates empty at the version asked for, and never overwrites an existing one', async () => {
    const store = await stores.newStore({ initialVersion: CURRENT_SCHEMA_VERSION })
    expect(await store.getText('_schema_version')).toBe('2')
    await putRaw(store.db, '_schema_version', '1')
    await store.close()
    const reopened = await stores.open(store.dataDir, { createIfMissing: true, initialVersion: 3 })
    expect(await reopened.readVersion()).toBe(1)
  })

  it.each([['"2"'], ['two'], ['0'], ['2.5']])('fails _schema_version %s with CORRUPT_DATABASE', async (text) => {
    const store = await stores.newStore()
    await putRaw(store.db, '_schema_version', text)
    expect((await rejectionOf(store.readVersion())).code).toBe('CORRUPT_DATABASE')
  })

  it('reads Meridian’s history entries and keeps fields it does not know', async () => {
    const store = await stores.newStore()
    const meridianEntry = {
      from_version: 1,
      to_version: 2,
      started_at: '2024-01-01T12:00:00Z',
      completed_at: '2024-01-01T12:00:02Z',
      items_migrated: 1234,
      backup_key: '_backup_20240101_120000',
      success: true,
      error: null,
      host: 'meridian-1'
    }
    await putRaw(store.db, '_migration_history', { migrations: [meridianEntry] })
    expect(await store.readHistory()).toEqual([meridianEntry])
  })

  it('fails an unreadable history with CORRUPT_DATABASE', async () => {
    const store = await stores.newStore()
    await putRaw(store.db, '_migration_history', '{"migrations": 5}')
    expect((await rejectionOf(store.readHistory())).code).toBe('CORRUPT_DATABASE')
  })
})

describe('one operation at a time', () => {
  it('refuses a second operation with BUSY while one runs, and accepts one after it ends', async () => {
    const store = await stores.newStore()
    let finish!: () => void
    const first = store.exclusive('migration', () => new Promise<string>((resolve) => (finish = () => resolve('first done'))))
    const error = await rejectionOf(store.exclusive('backup', async () => 'second'))
    expect(error.code).toBe('BUSY')
    expect(error.message).toContain('migration')
    expect(store.runningOperation).toBe('migration')
    finish()
    expect(await first).toBe('first done')
    expect(await store.exclusive('backup', async () => 'third')).toBe('third')
  })

  it('frees the store when an operation fails', async () => {
    const store = await stores.newStore()
    await expect(store.exclusive('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(store.runningOperation).toBeNull()
  })
})
