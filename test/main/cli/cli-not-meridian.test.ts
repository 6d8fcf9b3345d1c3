import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { createDispatch } from '../../../src/main/api/dispatch.ts'
import { StoreSession } from '../../../src/main/api/store-session.ts'
import { storeReportSchema } from '../../../src/shared/store-status.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { ldbUnavailable, rocksBindingUnavailable } from '../../helpers/store-kinds.ts'
import { writeSurrealEraStore } from '../../helpers/surreal-store.ts'
import { taskV2 } from '../../helpers/tasks.ts'
import { useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

const temp = useTempStores()
const unavailable = ldbUnavailable ?? rocksBindingUnavailable

/** The logical records a SurrealDB-era Meridian keeps, base64'd inside its `kv_store` rows. */
const logical: Array<[string, string]> = Array.from({ length: 12 }, (_, i) => {
  const id = `task-${i}`
  return [`task:${id}`, JSON.stringify(taskV2({ id }))] as [string, string]
})

describe.skipIf(unavailable !== null)(`a SurrealDB-era Meridian store written by ldb${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('is reported as not a Meridian store with its key-prefix summary, never as an empty v1 store, and is never migrated', async () => {
    const dir = path.join(await temp.root(), 'surreal-data')
    const entries = writeSurrealEraStore(dir, [...logical, ['_schema_version', '2']])
    const original = await fsState(dir)

    const json = await runCli(['status', dir, '--json'])
    expect(json.code, json.stderr).toBe(0)
    const status = storeReportSchema.parse(jsonOf(json))
    expect(status).toMatchObject({ kind: 'rocksdb', identity: 'not-meridian', upToDate: false, pending: [] })
    expect(status.counts).toEqual({ keys: entries.length, prefixes: [{ prefix: '/', records: entries.length, versions: null }] })

    const human = await runCli(['status', dir])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toContain(
      "✗ Not a Meridian store: it holds none of Meridian's keys (task:, episode:, idx_*, _schema_version, _migration_history, _backup_*)"
    )
    expect(human.stdout).toContain('Current version: none (not a Meridian store)')
    expect(human.stdout).not.toContain('Schema migration required')
    expect(human.stdout).toMatch(new RegExp(`^ {2}/ +${entries.length}$`, 'm'))

    for (const args of [
      ['migrate', dir, '--json'],
      ['migrate', dir, '--dry-run', '--json']
    ]) {
      const run = await runCli(args)
      expect(run.code, run.stdout).toBe(2)
      expect(jsonOf<{ error: { code: string } }>(run).error.code).toBe('NOT_A_MERIDIAN_STORE')
    }
    expect(await fsState(dir)).toEqual(original)
  })

  it("is refused by the app's plan with NOT_A_MERIDIAN_STORE, and its status says why", async () => {
    const dir = path.join(await temp.root(), 'surreal-data')
    writeSurrealEraStore(dir, logical)
    const session = await StoreSession.open({ dataDir: dir })
    try {
      const dispatch = createDispatch(createApiHandlers(session), { log: () => undefined })
      const plan = await dispatch('migration.plan', {})
      expect(plan).toMatchObject({ ok: false, error: { code: 'NOT_A_MERIDIAN_STORE' } })
      expect(await dispatch('store.status', {})).toMatchObject({ ok: true, value: { identity: 'not-meridian', pending: [] } })
    } finally {
      await session.close()
    }
  })
})
