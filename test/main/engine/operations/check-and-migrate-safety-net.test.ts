import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkAndMigrate } from '../../../../src/main/engine/operations/check-and-migrate.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { recordingLogger } from '../../../helpers/recording-logger.ts'
import { putRaw, rejectionOf, snapshotDir, useTempStores, without } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

const stores = useTempStores()
const BAD_TASK = 'task:t00004x'

/** A closed v1 store whose migration fails (a task with a status v1 never had). */
async function failingStoreDir(): Promise<string> {
  const store = await stores.newStore()
  await seedV1Store(store, 40)
  await putRaw(store.db, BAD_TASK, taskV1({ status: 'finished' }))
  await store.close()
  return store.dataDir
}

/** Archives and checkpoints in the store's backup folder, by name. */
const backupFiles = async (dataDir: string): Promise<string[]> =>
  (await readdir(`${dataDir}.backups`)).filter((name) => name.endsWith('.mbak') || name.endsWith('.checkpoint')).sort()
const idOf = (name: string | undefined): string => (name ?? '').replace(/\.(mbak|checkpoint)$/, '')
const safetyNetRecords = async (dataDir: string): Promise<string[]> => (await readdir(`${dataDir}.backups`)).filter((name) => name.endsWith('.safety-net.json'))

/**
 * Changes the backup `name` in place as damage would: one byte of an archive; for a checkpoint, one byte more in
 * its largest file, renamed over the link (so the store's own table keeps its bytes).
 */
async function damage(dataDir: string, name: string): Promise<void> {
  const where = path.join(`${dataDir}.backups`, name)
  if (name.endsWith('.mbak')) {
    const bytes = await readFile(where)
    const at = Math.floor(bytes.length / 2)
    bytes[at] = (bytes[at] ?? 0) ^ 0xff
    await writeFile(where, bytes)
    return
  }
  const files = path.join(where, 'store')
  const sized = await Promise.all((await readdir(files)).map(async (file) => ({ file, bytes: (await stat(path.join(files, file))).size })))
  const largest = path.join(files, sized.sort((a, b) => b.bytes - a.bytes)[0]?.file ?? '')
  await writeFile(`${largest}.changed`, Buffer.concat([await readFile(largest), Buffer.from([0])]))
  await rename(`${largest}.changed`, largest)
}

describe.each(['archive', 'checkpoint'] as const)('with %s safety nets', (safetyNetKind) => {
  /** One start-up of a host: checkAndMigrate, which must fail on this store; its log lines. */
  async function failingStart(dataDir: string): Promise<string[]> {
    const logger = recordingLogger()
    expect((await rejectionOf(checkAndMigrate(dataDir, { logger, safetyNetKind }))).code).toBe('MIGRATION_FAILED')
    return logger.messages()
  }

  async function historyOf(dataDir: string): Promise<Array<{ status?: string; backup_key?: string | null }>> {
    const store = await MeridianStore.open(dataDir)
    try {
      return await store.readHistory()
    } finally {
      await store.close()
    }
  }

  describe('checkAndMigrate on a store that keeps failing', () => {
    it('takes no new backup while the one the last failure put the store back from still holds it, and says so', async () => {
      const dataDir = await failingStoreDir()
      const before = await snapshotDir(dataDir)
      const first = await failingStart(dataDir)
      const [taken] = await backupFiles(dataDir)
      const id = idOf(taken)
      expect(first).toContain(`Backup created: ${id}`)

      const second = await failingStart(dataDir)
      const third = await failingStart(dataDir)
      for (const log of [second, third]) {
        expect(log).toContain(`Backup reused: ${id} (the store has not changed since a failed run put it back from it)`)
        expect(log.some((line) => line.startsWith('Backup created'))).toBe(false)
        expect(log).toContain('Database has been rolled back to previous state')
      }
      expect(await backupFiles(dataDir)).toEqual([`${id}.${safetyNetKind === 'archive' ? 'mbak' : 'checkpoint'}`])
      // Each failure is recorded against the backup that put the store back; the records are as they were.
      expect((await historyOf(dataDir)).map((entry) => [entry.status, entry.backup_key])).toEqual([
        ['failed', id],
        ['failed', id],
        ['failed', id]
      ])
      expect(without(await snapshotDir(dataDir), '_migration_history')).toEqual(without(before, '_migration_history'))
    })

    it('takes a new backup once anything has written the store since, and says why', async () => {
      const dataDir = await failingStoreDir()
      await failingStart(dataDir)
      const written = await MeridianStore.open(dataDir, { access: 'write' })
      await putRaw(written.db, 'episode:new', { id: 'new' })
      await written.close()

      const log = await failingStart(dataDir)
      const [first, second] = await backupFiles(dataDir)
      expect(log).toContain(`A new backup is taken: the store has changed since a failed run put it back from ${idOf(first)}`)
      expect(log).toContain(`Backup created: ${idOf(second)}`)
    })

    it('takes a new backup when the last one no longer verifies, and says so', async () => {
      const dataDir = await failingStoreDir()
      await failingStart(dataDir)
      const [name] = await backupFiles(dataDir)
      await damage(dataDir, name ?? '')

      const log = await failingStart(dataDir)
      expect(log.some((line) => line.startsWith(`A new backup is taken: ${idOf(name)} does not verify`))).toBe(true)
      expect(await backupFiles(dataDir)).toHaveLength(2)
    })

    it('forgets the standing backup once a start commits its migration', async () => {
      const dataDir = await failingStoreDir()
      await failingStart(dataDir)
      expect(await safetyNetRecords(dataDir)).toHaveLength(1)
      const fixed = await MeridianStore.open(dataDir, { access: 'write' })
      await fixed.db.del(Buffer.from(BAD_TASK))
      await fixed.close()

      const result = await checkAndMigrate(dataDir, { logger: recordingLogger(), safetyNetKind })
      expect(result).toMatchObject({ status: 'migrated', itemsMigrated: 40 })
      expect(await safetyNetRecords(dataDir)).toEqual([])
    })
  })
})
