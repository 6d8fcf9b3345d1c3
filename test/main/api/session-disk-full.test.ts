import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { createDispatch, type AnyApiResult, type Dispatch } from '../../../src/main/api/dispatch.ts'
import { StoreSession } from '../../../src/main/api/store-session.ts'
import { populateDemoStore } from '../../../src/main/demo/demo-store.ts'
import { OPERATION_KEY } from '../../../src/main/engine/operations/operation-record.ts'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { LoopDisk, loopDiskUnavailable } from '../../helpers/loop-disk.ts'
import type { StoreCounts, StoreStatus } from '../../../src/shared/store-status.ts'
import { readTasks } from '../../helpers/temp-store.ts'

const TASKS = 5_000
const skipped = loopDiskUnavailable ? ` (skipped: ${loopDiskUnavailable})` : ''

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Task versions, version, last history entry and note, as the next process to open the store finds them. */
async function stateAtNextOpen(dataDir: string): Promise<{ version: number; tasks: Record<string, number>; last: unknown; note: boolean }> {
  const store = await MeridianStore.open(dataDir)
  try {
    const tasks: Record<string, number> = {}
    for (const task of (await readTasks(store.db)).values()) {
      const version = `v${String(task.schema_version ?? 1)}`
      tasks[version] = (tasks[version] ?? 0) + 1
    }
    const last = (await store.readHistory()).at(-1)
    return {
      version: await store.readVersion(),
      tasks,
      last: last ? { status: last.status, success: last.success } : null,
      note: (await store.getText(OPERATION_KEY)) !== undefined
    }
  } finally {
    await store.close()
  }
}

/** The status of the store's last history entry, as the session answers it. */
async function lastHistoryStatus(dispatch: Dispatch): Promise<string | undefined> {
  const history = await dispatch('history.list', {})
  if (!history.ok) throw new Error(JSON.stringify(history.error))
  return (history.value as Array<{ status?: string }>).at(-1)?.status
}

const errorOf = (result: AnyApiResult): { code: string; message: string } | null => (result.ok ? null : result.error)

/** A session on a store of `TASKS` v1 tasks on a fresh 64 MB ext4 loop disk, its backups on another disk. */
async function sessionOnSmallDisk(): Promise<{ disk: LoopDisk; dataDir: string; session: StoreSession; dispatch: Dispatch }> {
  const disk = await LoopDisk.create(64)
  cleanups.push(() => disk.dispose())
  const backupDir = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-backups-'))
  cleanups.push(() => rm(backupDir, { recursive: true, force: true }))
  const dataDir = path.join(disk.mountPoint, 'store')
  const created = await MeridianStore.open(dataDir, { createIfMissing: true })
  await populateDemoStore(created, { count: TASKS, version: 1 }).finally(() => created.close())
  // Opened once more to write, so its log is in a table: opening it for the run then needs no room of its own.
  await (await MeridianStore.open(dataDir, { access: 'write' })).close()
  disk.flush()
  const session = await StoreSession.open({ dataDir, backupDir })
  cleanups.push(() => session.close().catch(() => undefined))
  // From here the session's read snapshots are taken on the store's disk, as on a machine with one disk: after
  // the failed run it cannot go back to a snapshot, and keeps the write handle the error left.
  const tmp = path.join(disk.mountPoint, 'tmp')
  await mkdir(tmp)
  const tmpdirBefore = process.env.TMPDIR
  process.env.TMPDIR = tmp
  cleanups.push(async () => {
    if (tmpdirBefore === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = tmpdirBefore
  })
  const dispatch = createDispatch(createApiHandlers(session), { log: () => undefined })

  return { disk, dataDir, session, dispatch }
}

describe('an API session (what the web host and the desktop app hold) on a disk that fills up', () => {
  it.skipIf(loopDiskUnavailable !== null)(
    `reopens the store after the write error and recovers it before the next call; the next migration, once there is room, is what the next open finds${skipped}`,
    async () => {
      const { disk, dataDir, session, dispatch } = await sessionOnSmallDisk()
      // Room for the note, not for the pass: a batch fails with ENOSPC midway.
      await disk.fill(256 << 10)
      const failed = errorOf(await dispatch('migration.run', {}))
      console.log(`the run on the full disk: ${JSON.stringify(failed)}`)
      expect(failed).toEqual({ code: 'IO_ERROR', message: expect.stringMatching(/free space, then try again/) })
      await disk.free()

      // Exactly as before the run: put back by the run itself on the reopened store, or, when even that found no
      // room, by the next call, which reopens the store and recovers it first.
      const status = await dispatch('store.status', {})
      if (!status.ok) throw new Error(JSON.stringify(status.error))
      const { currentVersion, recovery } = status.value as StoreStatus
      const counted = await dispatch('store.counts', {})
      if (!counted.ok) throw new Error(JSON.stringify(counted.error))
      const counts = counted.value as StoreCounts
      console.log(`the next call: v${currentVersion}, recovery ${JSON.stringify(recovery)}`)
      expect(recovery === null ? await lastHistoryStatus(dispatch) : recovery.outcome).toBe(recovery === null ? 'failed' : 'reverted')
      expect({ currentVersion, tasks: counts.prefixes.find((group) => group.prefix === 'task:')?.versions }).toEqual({
        currentVersion: 1,
        tasks: { '1': TASKS }
      })

      const migrated = await dispatch('migration.run', {})
      expect(migrated).toMatchObject({ ok: true, value: { status: 'migrated', from: 1, to: 2, itemsMigrated: TASKS } })
      await session.close()

      // What it reported done is what the next process finds.
      const state = await stateAtNextOpen(dataDir)
      console.log(`API session after a write error on a full disk: the next migration reported done; the next open finds ${JSON.stringify(state)}`)
      expect(state).toEqual({ version: 2, tasks: { v2: TASKS }, last: { status: 'success', success: true }, note: false })
    },
    180_000
  )

  it.skipIf(loopDiskUnavailable !== null)(
    `a restore of an archive the full disk stops midway ends IO_ERROR and leaves the store exactly before or after; the next restore, once there is room, is what the next open finds${skipped}`,
    async () => {
      const { disk, dataDir, session, dispatch } = await sessionOnSmallDisk()
      // An archive of the v1 store: its restore merges every record back, which a full disk stops midway (a
      // checkpoint's restore writes only a few small files, and may well fit).
      const archived = await dispatch('backups.create', {})
      if (!archived.ok) throw new Error(JSON.stringify(archived.error))
      const backupId = (archived.value as { id: string }).id
      const migrated = await dispatch('migration.run', {})
      if (!migrated.ok) throw new Error(JSON.stringify(migrated.error))

      await disk.fill(256 << 10)
      const failed = errorOf(await dispatch('backups.restore', { id: backupId }))
      console.log(`the restore on the full disk: ${JSON.stringify(failed)}`)
      expect(failed).toEqual({ code: 'IO_ERROR', message: expect.stringMatching(/free space, then try again/) })
      await disk.free()

      const status = await dispatch('store.status', {})
      if (!status.ok) throw new Error(JSON.stringify(status.error))
      const { currentVersion, recovery } = status.value as StoreStatus
      const counted = await dispatch('store.counts', {})
      if (!counted.ok) throw new Error(JSON.stringify(counted.error))
      const counts = counted.value as StoreCounts
      console.log(`the next call: v${currentVersion}, recovery ${JSON.stringify(recovery)}`)
      // Exactly before or exactly after: put back from the pre-restore backup, or, when the note still said
      // "applying" (the put-back found no room even to reopen the store), completed from the verified source.
      const tasks = counts.prefixes.find((group) => group.prefix === 'task:')?.versions
      expect({ currentVersion, tasks }).toEqual(
        recovery?.outcome === 'completed' ? { currentVersion: 1, tasks: { '1': TASKS } } : { currentVersion: 2, tasks: { '2': TASKS } }
      )

      expect(await dispatch('backups.restore', { id: backupId })).toMatchObject({ ok: true, value: { backupId, toVersion: 1 } })
      await session.close()
      const state = await stateAtNextOpen(dataDir)
      console.log(`API session after a restore the full disk failed: the next restore reported done; the next open finds ${JSON.stringify(state)}`)
      expect(state).toEqual({ version: 1, tasks: { v1: TASKS }, last: { status: 'restored', success: true }, note: false })
    },
    180_000
  )
})
