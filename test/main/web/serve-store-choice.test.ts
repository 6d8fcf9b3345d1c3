import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { callApi } from './http-helpers.ts'
import { startServe } from './serve-child.ts'

const demo = useDemoSessions()

/** The environment of a host whose state folder (recent stores, the kept demo) is `stateDir`. */
function withState(stateDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, MERIDIAN_ADMIN_STATE_DIR: stateDir, ...extra }
}

async function stop(served: Awaited<ReturnType<typeof startServe>>): Promise<void> {
  served.child.kill('SIGTERM')
  expect(await served.exited).toBe(0)
}

describe('the web host opens, switches and closes stores, and remembers them', () => {
  it('--last with nothing remembered creates a demo store kept in the state folder, and the next --last reopens it as it was left', async () => {
    const stateDir = path.join(await demo.root(), 'state')
    const first = await startServe(['--last'], withState(stateDir))
    expect(first.dataDir).toBe(path.join(stateDir, 'demo-store'))
    expect(first.stderr()).toContain('kept for next time')
    const migrated = await callApi(first.port, first.token, 'migration.run')
    expect(JSON.parse(migrated.body)).toMatchObject({ ok: true, value: { status: 'migrated' } })
    await stop(first)
    expect(existsSync(path.join(stateDir, 'demo-store', 'CURRENT'))).toBe(true)

    const again = await startServe(['--last'], withState(stateDir))
    expect(again.dataDir).toBe(first.dataDir)
    expect(again.stderr()).toContain('Reopening')
    const status = JSON.parse((await callApi(again.port, again.token, 'store.status')).body)
    expect(status).toMatchObject({ ok: true, value: { currentVersion: 2 } })
    await stop(again)
  })

  it('remembers a store opened from the page, and --last serves it after a restart; a store closed from the page is left free', async () => {
    const stateDir = path.join(await demo.root(), 'state')
    const started = await demo.demoDir(10)
    const other = await demo.demoDir(20)
    const served = await startServe(['--data-dir', started], withState(stateDir))
    const opened = JSON.parse((await callApi(served.port, served.token, 'store.open', { dataDir: other })).body)
    expect(opened).toMatchObject({ ok: true, value: { dataDir: other, canOpenOtherStores: true, canChooseFolder: false, recentStores: [other, started] } })
    const closed = JSON.parse((await callApi(served.port, served.token, 'store.close')).body)
    expect(closed).toMatchObject({ ok: true, value: { dataDir: null } })
    const refused = await callApi(served.port, served.token, 'store.status')
    expect(refused.status).toBe(409)
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'NO_STORE_OPEN' } })
    const relative = JSON.parse((await callApi(served.port, served.token, 'store.open', { dataDir: 'store' })).body)
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    await stop(served)
    expect(JSON.parse(await readFile(path.join(stateDir, 'recent-stores.json'), 'utf8'))).toEqual({ recent: [other, started] })

    const reopened = await startServe(['--last'], withState(stateDir))
    expect(reopened.dataDir).toBe(other)
    await stop(reopened)
  })

  it('--open starts $BROWSER on the address it printed, token included', async () => {
    const root = await demo.root()
    const record = path.join(root, 'opened.txt')
    const browser = `${process.execPath} -e require('fs').writeFileSync(process.argv[1],process.argv[2]) ${record} %s`
    const served = await startServe(['--data-dir', await demo.demoDir(10), '--open'], withState(path.join(root, 'state'), { BROWSER: browser }))
    await expect.poll(() => (existsSync(record) ? readFile(record, 'utf8') : ''), { timeout: 10_000 }).toBe(served.stdout().split(' at ')[1]?.trim())
    await stop(served)
  })

  it('--open without a browser to start says so in one line and keeps serving', async () => {
    const root = await demo.root()
    const served = await startServe(
      ['--data-dir', await demo.demoDir(10), '--open'],
      withState(path.join(root, 'state'), { BROWSER: path.join(root, 'no-such-browser') })
    )
    await expect.poll(() => served.stderr(), { timeout: 10_000 }).toContain('Could not open a browser')
    expect((await callApi(served.port, served.token, 'store.info')).status).toBe(200)
    await stop(served)
  })
})
