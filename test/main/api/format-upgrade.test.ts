import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { createDispatch } from '../../../src/main/api/dispatch.ts'
import { StoreSession } from '../../../src/main/api/store-session.ts'
import { storeStatusSchema } from '../../../src/shared/store-status.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { meridianRecords, writeLdbStore } from '../../helpers/ldb-store.ts'
import { ldbUnavailable, rocksBindingUnavailable } from '../../helpers/store-kinds.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()
const unavailable = ldbUnavailable ?? rocksBindingUnavailable

describe.skipIf(unavailable !== null)(`the app on an older-format RocksDB store${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('shows the warning, refuses migration.run until allowFormatUpgrade is sent, then migrates the store itself', async () => {
    const dataDir = path.join(await demo.root(), 'meridian-data')
    writeLdbStore(dataDir, meridianRecords(12), 'zstd')
    const before = await fsState(dataDir)
    const session = demo.track(await StoreSession.open({ dataDir }))
    const dispatch = createDispatch(createApiHandlers(session), { log: vi.fn() })

    const status = await dispatch('store.status', {})
    expect(status.ok).toBe(true)
    const parsed = storeStatusSchema.parse((status as { value: unknown }).value)
    expect(parsed).toMatchObject({ kind: 'rocksdb', formatUpgrade: { allowed: false } })

    const refused = await dispatch('migration.run', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORMAT_UPGRADE_REFUSED' } })
    expect(await fsState(dataDir)).toEqual(before)

    const migrated = await dispatch('migration.run', { allowFormatUpgrade: true })
    expect(migrated, JSON.stringify(migrated)).toMatchObject({ ok: true, value: { status: 'migrated', itemsMigrated: 12 } })
    // Upgraded: the session reads a fresh snapshot again, of a store now at the binding's own format.
    expect(session.store.access).toBe('read')
    expect(session.store.formatUpgrade).toBeNull()
    const after = await dispatch('store.status', {})
    expect(after).toMatchObject({ ok: true, value: { upToDate: true, kind: 'rocksdb' } })
  })
})
