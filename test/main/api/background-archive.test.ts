import { readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../../../src/main/api/dispatch.ts'
import type { StoreSession } from '../../../src/main/api/store-session.ts'
import { type ApiEvent, apiEventSchema } from '../../../src/shared/api.contract.ts'
import type { BackupInfo } from '../../../src/shared/backup.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

type ArchiveEvent = Extract<ApiEvent, { type: 'archive-progress' }>
type Marker = { type: 'answered'; method: string }

/** A session's dispatch, with every event it sends and a marker where each awaited answer arrived. */
function watched(session: StoreSession) {
  const dispatch = createDispatch(createApiHandlers(session))
  const log: Array<ApiEvent | Marker> = []
  session.events.subscribe((event) => log.push(event))
  const ended = new Promise<ArchiveEvent>((resolve) =>
    session.events.subscribe((event) => {
      if (event.type === 'archive-progress' && event.state !== 'running') resolve(event)
    })
  )
  const answered = async (method: string, call: Promise<AnyApiResult>): Promise<AnyApiResult> => {
    const result = await call
    log.push({ type: 'answered', method })
    return result
  }
  const archiveEvents = (): ArchiveEvent[] => log.filter((entry): entry is ArchiveEvent => entry.type === 'archive-progress')
  return { dispatch, log, ended, answered, archiveEvents }
}

async function backupsOf(dispatch: ReturnType<typeof createDispatch>): Promise<BackupInfo[]> {
  const listed = await dispatch('backups.list', {})
  if (!listed.ok) throw new Error(`backups.list failed: ${listed.error.message}`)
  return listed.value as BackupInfo[]
}

describe('the archive of a migration’s checkpoint, in the background', () => {
  it('is started by the committed migration, which answers before it ends; it reports its progress and ends with the archive listed beside the checkpoint and verifying', async () => {
    const session = await demo.session({ count: 3_000 })
    const { dispatch, log, ended, answered, archiveEvents } = watched(session)
    const before = await dispatch('store.counts', {})
    const keysBefore = before.ok ? (before.value as { keys: number }).keys : -1

    const migration = await answered('migration.run', dispatch('migration.run', { archive: true }))
    const done = await ended

    expect(migration.ok).toBe(true)
    const checkpointId = migration.ok ? (migration.value as { backupId: string }).backupId : ''
    expect(done).toMatchObject({ state: 'done', checkpointId, error: null })
    expect(archiveEvents().every((event) => apiEventSchema.safeParse(event).success)).toBe(true)
    expect(archiveEvents().some((event) => event.state === 'running' && event.progress !== null)).toBe(true)
    const answeredAt = log.findIndex((entry) => entry.type === 'answered')
    expect(log.indexOf(done)).toBeGreaterThan(answeredAt)
    expect(log.findIndex((entry) => entry.type === 'committed')).toBeLessThan(log.findIndex((entry) => entry.type === 'archive-progress'))
    const backups = await backupsOf(dispatch)
    const archive = backups.find((backup) => backup.id === done.archiveId)
    expect(archive).toMatchObject({ kind: 'archive', reason: 'pre-migration', records: keysBefore })
    expect(backups.find((backup) => backup.id === checkpointId)?.kind).toBe('checkpoint')
    expect(await dispatch('backups.verify', { id: done.archiveId ?? '' })).toMatchObject({ ok: true, value: { ok: true } })
  })

  it('holds up nothing: a checkpoint taken while it runs is answered before the archive ends', async () => {
    const session = await demo.session({ count: 20_000 })
    const { dispatch, log, ended, answered } = watched(session)

    await answered('migration.run', dispatch('migration.run', { archive: true }))
    const checkpoint = await answered('backups.create', dispatch('backups.create', { kind: 'checkpoint' }))
    const done = await ended

    expect(checkpoint.ok).toBe(true)
    expect(done.state).toBe('done')
    const checkpointAnswered = log.findIndex((entry) => entry.type === 'answered' && entry.method === 'backups.create')
    expect(checkpointAnswered).toBeLessThan(log.indexOf(done))
  })

  it('is stopped by backups.stopArchive: no archive is listed and no partial file is left, the checkpoint stays', async () => {
    const session = await demo.session({ count: 20_000 })
    const { dispatch, ended } = watched(session)
    let stopping: Promise<AnyApiResult> | null = null
    session.events.subscribe((event) => {
      if (event.type === 'archive-progress' && event.progress !== null && !stopping) stopping = dispatch('backups.stopArchive', {})
    })

    const migration = await dispatch('migration.run', { archive: true })
    const end = await ended

    expect(end.state).toBe('stopped')
    expect(await (stopping as unknown as Promise<AnyApiResult>)).toEqual({ ok: true, value: { stopped: true } })
    const backups = await backupsOf(dispatch)
    expect(backups.map((backup) => backup.kind)).toEqual(['checkpoint'])
    expect(backups[0]?.id).toBe(migration.ok ? (migration.value as { backupId: string }).backupId : 'none')
    const files = await readdir(session.manager.backupDir)
    expect(files.filter((name) => name.endsWith('.mbak') || name.includes('.tmp'))).toEqual([])
    expect(await dispatch('backups.stopArchive', {})).toEqual({ ok: true, value: { stopped: false } })
  })

  it('is stopped when the session closes, before the store goes, leaving no partial file', async () => {
    const session = await demo.session({ count: 20_000 })
    const { dispatch, ended } = watched(session)
    const backupDir = session.manager.backupDir
    let closing: Promise<void> | null = null
    session.events.subscribe((event) => {
      if (event.type === 'archive-progress' && event.progress !== null && !closing) closing = session.close()
    })

    await dispatch('migration.run', { archive: true })
    expect((await ended).state).toBe('stopped')
    await closing

    const files = await readdir(backupDir)
    expect(files.filter((name) => name.endsWith('.mbak') || name.includes('.tmp'))).toEqual([])
  })

  it('is not written unless asked for', async () => {
    const session = await demo.session({ count: 500 })
    const { dispatch, archiveEvents } = watched(session)
    const backupDir = session.manager.backupDir
    expect((await dispatch('migration.run', {})).ok).toBe(true)
    await session.close()
    expect(archiveEvents()).toEqual([])
    expect((await readdir(backupDir).catch(() => [])).filter((name) => name.endsWith('.mbak'))).toEqual([])
  })
})
