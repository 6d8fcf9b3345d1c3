import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import {
  recordCheckSchema,
  recordPutResultSchema,
  setAsideRestoreResultSchema,
  setAsideResultSchema,
  invalidRecordsSchema
} from '../../../src/shared/repair.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { putRaw, useTempStores } from '../../helpers/temp-store.ts'
import { taskV1 } from '../../helpers/tasks.ts'
import { jsonOf, runCli } from './run-cli.ts'

type ErrorDocument = { error: { code: string; message: string } }

const BAD_KEY = 'task:zz-bad-json'
const BAD_VALUE = '{"id": "zz-bad-json", "title": '

describe('meridian-admin get, put, delete and set-aside: repairing records of a real store', () => {
  const temp = useTempStores()

  /** A v1 demo store with one task that is not valid JSON. */
  async function storeWithBadTask(): Promise<string> {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '20', '--version', '1'])).code).toBe(0)
    const store = await MeridianStore.open(dir, { access: 'write' })
    try {
      await putRaw(store.db, BAD_KEY, BAD_VALUE)
    } finally {
      await store.close()
    }
    return dir
  }

  it('get says why a record fails (--json: its check beside the record), and that a good one holds', async () => {
    const dir = await storeWithBadTask()

    const bad = jsonOf<{ check: unknown }>(await runCli(['get', dir, BAD_KEY, '--json']))
    expect(recordCheckSchema.parse(bad.check)).toEqual({ key: BAD_KEY, status: 'invalid', version: null, problems: [{ path: [], message: 'not valid JSON' }] })
    const human = await runCli(['get', dir, BAD_KEY])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('✗ invalid:\n  - not valid JSON')
  })

  it('put refuses an invalid value with RECORD_INVALID (exit 2, nothing written), writes a valid one after a backup', async () => {
    const dir = await storeWithBadTask()
    const before = await fsState(dir)

    const refused = await runCli(['put', dir, BAD_KEY, '--value', JSON.stringify(taskV1({ status: 'finished' })), '--json'])
    expect(refused.code).toBe(2)
    expect(jsonOf<ErrorDocument>(refused).error).toMatchObject({ code: 'RECORD_INVALID', message: expect.stringContaining('status:') })
    expect(refused.stderr).toContain('--force')
    expect(await fsState(dir)).toEqual(before)

    const file = path.join(path.dirname(dir), 'fixed.json')
    await writeFile(file, JSON.stringify(taskV1({ id: 'zz-bad-json' })))
    const put = recordPutResultSchema.parse(jsonOf(await runCli(['put', dir, BAD_KEY, '--file', file, '--json'])))
    expect(put).toMatchObject({ key: BAD_KEY, replaced: true, check: { status: 'valid' }, backupId: expect.stringMatching(/^backup_/) })
    expect((await runCli(['migrate', dir, '--json'])).code).toBe(0)
  })

  it('put needs exactly one of --value and --file (exit 2)', async () => {
    const dir = await storeWithBadTask()
    const neither = await runCli(['put', dir, BAD_KEY, '--json'])
    expect(neither.code).toBe(2)
    expect(jsonOf<ErrorDocument>(neither).error.code).toBe('INVALID_INPUT')
    expect((await runCli(['put', dir, BAD_KEY, '--value', '{}', '--file', 'x.json'])).code).toBe(2)
  })

  it('delete asks for --yes without a terminal, then deletes; a missing key is RECORD_NOT_FOUND (exit 2)', async () => {
    const dir = await storeWithBadTask()
    const before = await fsState(dir)

    const unconfirmed = await runCli(['delete', dir, BAD_KEY])
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toContain('--yes')
    expect(await fsState(dir)).toEqual(before)

    const deleted = await runCli(['delete', dir, BAD_KEY, '--yes'])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stdout).toContain(`✓ Deleted ${BAD_KEY}`)
    const missing = await runCli(['get', dir, BAD_KEY, '--json'])
    expect(jsonOf<ErrorDocument>(missing).error.code).toBe('RECORD_NOT_FOUND')
    expect((await runCli(['delete', dir, BAD_KEY, '--yes', '--json'])).code).toBe(2)
  })

  it('set-aside --dry-run names the record and writes nothing; set-aside moves it to an archive; the migration then runs', async () => {
    const dir = await storeWithBadTask()
    const before = await fsState(dir)

    const dry = invalidRecordsSchema.parse(jsonOf(await runCli(['set-aside', dir, '--dry-run', '--json'])))
    expect(dry.invalid.map((entry) => entry.key)).toEqual([BAD_KEY])
    expect(await fsState(dir)).toEqual(before)

    const failed = await runCli(['migrate', dir, '--json'])
    expect(failed.code).toBe(1)

    const archive = path.join(path.dirname(dir), 'aside.jsonl')
    const result = setAsideResultSchema.parse(jsonOf(await runCli(['set-aside', dir, '--archive', archive, '--json'])))
    expect(result).toMatchObject({ archive, checked: 21, setAside: [{ key: BAD_KEY, problems: [{ message: 'not valid JSON' }] }] })
    expect((await readFile(archive, 'utf8')).split('\n')[1]).toBe(
      JSON.stringify({ key: BAD_KEY, value: BAD_VALUE, problems: [{ path: [], message: 'not valid JSON' }] })
    )
    const migrated = await runCli(['migrate', dir, '--json'])
    expect(migrated.code, migrated.stderr).toBe(0)

    // An archive is never replaced, even when there would be nothing to put in it; without --archive, nothing is written.
    const taken = await runCli(['set-aside', dir, '--archive', archive, '--json'])
    expect(taken.code).toBe(2)
    expect(jsonOf<ErrorDocument>(taken).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('exists already') })
    const again = await runCli(['set-aside', dir, '--json'])
    expect(again.code).toBe(0)
    expect(setAsideResultSchema.parse(jsonOf(again))).toMatchObject({ archive: null, setAside: [], backupId: null })
  })

  it('restore-set-aside refuses a record still invalid (exit 2), and puts a fixed one back at the store’s version', async () => {
    const dir = await storeWithBadTask()
    const archive = path.join(path.dirname(dir), 'aside.jsonl')
    expect((await runCli(['set-aside', dir, '--archive', archive, '--json'])).code).toBe(0)
    expect((await runCli(['migrate', dir, '--json'])).code).toBe(0)

    const refused = await runCli(['restore-set-aside', dir, archive, '--json'])
    expect(refused.code).toBe(2)
    expect(jsonOf<ErrorDocument>(refused).error).toMatchObject({ code: 'RECORD_INVALID', message: expect.stringContaining(BAD_KEY) })

    const [header] = (await readFile(archive, 'utf8')).split('\n')
    const fixed = JSON.stringify({ key: BAD_KEY, value: JSON.stringify(taskV1({ id: 'zz-bad-json' })), problems: [] })
    await writeFile(archive, `${header}\n${fixed}\n`)
    const restored = setAsideRestoreResultSchema.parse(jsonOf(await runCli(['restore-set-aside', dir, archive, '--json'])))
    expect(restored).toMatchObject({ restored: 1, migrated: 1, forcedInvalid: 0 })
    const record = jsonOf<{ version: number; check: { status: string } }>(await runCli(['get', dir, BAD_KEY, '--json']))
    expect(record).toMatchObject({ version: 2, check: { status: 'valid' } })
    const history = await runCli(['history', dir])
    expect(history.stdout).toContain('✎ Repaired')
  })
})
