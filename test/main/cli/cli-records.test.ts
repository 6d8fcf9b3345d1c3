import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { recordsPageSchema } from '../../../src/shared/api.contract.ts'
import { recordSummarySchema } from '../../../src/shared/record-summary.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

type ErrorDocument = { error: { code: string; message: string } }

describe('meridian-admin records and get: looking inside the live store', () => {
  const temp = useTempStores()

  async function demoStore(count: number): Promise<string> {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', String(count), '--version', '1'])).code).toBe(0)
    return dir
  }

  it('records pages through a prefix in key order, --json as the app gets it, and changes no file of the store', async () => {
    const dir = await demoStore(7)
    const before = await fsState(dir)
    const first = recordsPageSchema.parse(jsonOf(await runCli(['records', dir, '--prefix', 'task:', '--limit', '4', '--json'])))
    expect(first.records).toHaveLength(4)
    expect(first.nextAfter).toBe(first.records.at(-1)?.key)
    const second = recordsPageSchema.parse(
      jsonOf(await runCli(['records', dir, '--prefix', 'task:', '--after', first.nextAfter ?? '', '--limit', '4', '--json']))
    )
    expect(second.records).toHaveLength(3)
    expect(second.nextAfter).toBeNull()
    const keys = [...first.records, ...second.records].map((record) => record.key)
    expect(keys).toEqual([...keys].sort())
    expect(new Set(keys).size).toBe(7)
    expect(keys.every((key) => key.startsWith('task:'))).toBe(true)

    const human = await runCli(['records', dir, '--prefix', 'task:', '--limit', '4'])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toContain(`The store ${dir}\nkeys under "task:", from the first:`)
    expect(human.stdout).toMatch(/^KEY\s+VERSION\s+BYTES\s+VALUE$/m)
    expect(human.stdout).toContain(`Next page:\n  meridian-admin records ${dir} --prefix task: --after ${first.nextAfter} --limit 4`)
    expect(await fsState(dir)).toEqual(before)
  })

  it('get prints one record whole (pretty JSON, or its summary with --json); a missing key is RECORD_NOT_FOUND, exit 2', async () => {
    const dir = await demoStore(3)
    const page = recordsPageSchema.parse(jsonOf(await runCli(['records', dir, '--prefix', 'task:', '--limit', '1', '--json'])))
    const key = page.records[0]?.key ?? ''
    const before = await fsState(dir)

    const record = recordSummarySchema.parse(jsonOf(await runCli(['get', dir, key, '--json'])))
    expect(record).toMatchObject({ key, version: 1 })
    expect(record.value).toMatchObject({ id: key.slice('task:'.length) })
    const human = await runCli(['get', dir, key])
    expect(human.code).toBe(0)
    expect(human.stdout.split('\n')[0]).toMatch(new RegExp(`^${key} · v1 · \\d+ B$`))
    const body = human.stdout.trimEnd().split('\n')
    expect(body.at(-1)).toMatch(/^✓ valid \(v1/)
    expect(JSON.parse(body.slice(1, -1).join('\n'))).toEqual(record.value)

    const missing = await runCli(['get', dir, 'task:no-such-task', '--json'])
    expect(missing.code).toBe(2)
    expect(jsonOf<ErrorDocument>(missing).error).toMatchObject({ code: 'RECORD_NOT_FOUND', message: expect.stringContaining('task:no-such-task') })
    const empty = await runCli(['get', dir, '', '--json'])
    expect({ code: empty.code, error: jsonOf<ErrorDocument>(empty).error.code }).toEqual({ code: 2, error: 'INVALID_INPUT' })
    expect(await fsState(dir)).toEqual(before)
  })

  it('refuses a bad --limit or a cursor outside the prefix with INVALID_INPUT naming it', async () => {
    const dir = await demoStore(2)
    const limit = await runCli(['records', dir, '--limit', '0', '--json'])
    expect({ code: limit.code, error: jsonOf<ErrorDocument>(limit).error }).toMatchObject({
      code: 2,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('--limit') }
    })
    const cursor = await runCli(['records', dir, '--prefix', 'task:', '--after', 'episode:x', '--json'])
    expect({ code: cursor.code, error: jsonOf<ErrorDocument>(cursor).error.code }).toEqual({ code: 2, error: 'INVALID_INPUT' })
  })
})
