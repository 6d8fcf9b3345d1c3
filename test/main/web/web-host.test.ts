import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { StoreSession } from '../../../src/main/api/store-session.ts'
import { RENDERER_CSP } from '../../../src/main/web/csp.ts'
import { startWebHost, type WebHost } from '../../../src/main/web/web-host.ts'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { callApi, fakeRenderer, openEventStream, rawRequest, type EventStream } from './http-helpers.ts'

const demo = useDemoSessions()
const hosts: WebHost[] = []
const streams: EventStream[] = []
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close()
  for (const host of hosts.splice(0)) await host.close()
})

async function serve(count = 200): Promise<{ host: WebHost; session: StoreSession; root: string }> {
  const session = await demo.session({ count })
  const root = path.dirname(session.store.dataDir)
  const host = await startWebHost({ session, rendererDir: await fakeRenderer(root), port: 0 })
  hosts.push(host)
  return { host, session, root }
}

const json = (body: string): { ok: boolean; value?: unknown; error?: { code: string; message: string } } => JSON.parse(body)

describe('the web host', () => {
  it('listens on 127.0.0.1 with a 48-hex-digit token in the printed URL', async () => {
    const { host } = await serve()
    expect(host.port).toBeGreaterThan(0)
    expect(host.token).toMatch(/^[0-9a-f]{48}$/)
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
  })

  it('answers a good call 200 with the ApiResult', async () => {
    const { host, session } = await serve()
    const res = await callApi(host.port, host.token, 'store.status')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(json(res.body)).toMatchObject({ ok: true, value: { dataDir: session.store.dataDir, currentVersion: 1, targetVersion: 2 } })
  })

  it('accepts the localhost name of the same port as Host and Origin', async () => {
    const { host } = await serve()
    const res = await callApi(host.port, host.token, 'store.info', {}, { Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` })
    expect(res.status).toBe(200)
    const own = await callApi(host.port, host.token, 'store.info', {}, { Origin: `http://127.0.0.1:${host.port}` })
    expect(own.status).toBe(200)
  })

  it('answers 401 to an API call without the token', async () => {
    const { host } = await serve()
    const res = await rawRequest({ port: host.port, path: '/api/store.status', method: 'POST', body: '{}' })
    expect(res.status).toBe(401)
    expect(json(res.body)).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } })
  })

  it('answers 401 to a wrong token, and to a token in the query of a call (only the event stream takes one there)', async () => {
    const { host } = await serve()
    expect((await callApi(host.port, 'f'.repeat(48), 'store.status')).status).toBe(401)
    expect((await callApi(host.port, host.token.slice(0, -1), 'store.status')).status).toBe(401)
    expect((await callApi(host.port, '', 'store.status')).status).toBe(401)
    const inQuery = await rawRequest({ port: host.port, path: `/api/store.status?token=${host.token}`, method: 'POST', body: '{}' })
    expect(inQuery.status).toBe(401)
    expect((await rawRequest({ port: host.port, path: '/api/events' })).status).toBe(401)
    expect((await rawRequest({ port: host.port, path: '/api/events?token=nope' })).status).toBe(401)
  })

  it('answers 403 to a Host that is not its loopback address and port, before looking at the token', async () => {
    const { host } = await serve()
    for (const badHost of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `0.0.0.0:${host.port}`, `[::1]:${host.port}`]) {
      const res = await callApi(host.port, host.token, 'store.status', {}, { Host: badHost })
      expect(res.status, badHost).toBe(403)
    }
    expect((await rawRequest({ port: host.port, path: '/', headers: { Host: `attacker.test:${host.port}` } })).status).toBe(403)
  })

  it('answers 403 to a foreign Origin, even with the right token', async () => {
    const { host } = await serve()
    for (const origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${host.port + 1}`,
      `https://127.0.0.1:${host.port}`,
      `http://localhost.evil.example:${host.port}`
    ]) {
      const res = await callApi(host.port, host.token, 'store.status', {}, { Origin: origin })
      expect(res.status, origin).toBe(403)
      expect(json(res.body), origin).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } })
    }
  })

  it('answers 400 INVALID_INPUT to a body that is not JSON, to bad input and to unknown methods', async () => {
    const { host } = await serve()
    const headers = { 'Content-Type': 'application/json', 'X-Meridian-Token': host.token }
    const notJson = await rawRequest({ port: host.port, path: '/api/store.status', method: 'POST', headers, body: '{"oops":' })
    expect(notJson.status).toBe(400)
    expect(json(notJson.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const badInput = await callApi(host.port, host.token, 'migration.run', { to: 'three' })
    expect(badInput.status).toBe(400)
    expect(json(badInput.body).error?.message).toMatch(/\bto\b/)
    const unknown = await callApi(host.port, host.token, 'store.drop')
    expect(unknown.status).toBe(400)
    expect(json(unknown.body).error?.message).toMatch(/Unknown API method/)
  })

  it('treats an empty body as {} and refuses GET on a call', async () => {
    const { host } = await serve()
    const empty = await rawRequest({ port: host.port, path: '/api/history.list', method: 'POST', headers: { 'X-Meridian-Token': host.token } })
    expect(empty.status).toBe(200)
    expect(json(empty.body)).toEqual({ ok: true, value: [] })
    const get = await rawRequest({ port: host.port, path: '/api/store.status', headers: { 'X-Meridian-Token': host.token } })
    expect(get.status).toBe(405)
  })

  it('answers 413 to a body over 1 MB', async () => {
    const { host } = await serve()
    const big = JSON.stringify({ prefix: 'x'.repeat(1024 * 1024 + 10) })
    const res = await rawRequest({
      port: host.port,
      path: '/api/store.records',
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Meridian-Token': host.token },
      body: big
    })
    expect(res.status).toBe(413)
    expect(json(res.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('maps error codes to HTTP statuses', async () => {
    const { host } = await serve()
    const missing = await callApi(host.port, host.token, 'backups.restore', { id: 'backup_20240101_120000' })
    expect(missing.status).toBe(404)
    expect(json(missing.body)).toMatchObject({ ok: false, error: { code: 'BACKUP_NOT_FOUND' } })
    const desktopOnly = await callApi(host.port, host.token, 'store.open', { dataDir: '/tmp' })
    expect(desktopOnly.status).toBe(400)
  })

  it('streams progress over SSE during a migration and answers BUSY to a second long call meanwhile', async () => {
    const { host } = await serve(20_000)
    const stream = await openEventStream(host.port, host.token)
    streams.push(stream)
    const migration = callApi(host.port, host.token, 'migration.run')
    await stream.waitFor((event) => event.type === 'progress' && event.operation === 'migration.run')
    const busy = await callApi(host.port, host.token, 'backups.create')
    expect(busy.status).toBe(409)
    expect(json(busy.body)).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    const info = json((await callApi(host.port, host.token, 'store.info')).body)
    expect(info).toMatchObject({ ok: true, value: { runningOperation: 'migration' } })

    const done = await migration
    expect(done.status).toBe(200)
    expect(json(done.body)).toMatchObject({ ok: true, value: { status: 'migrated', itemsMigrated: 20_000 } })
    await stream.waitFor((event) => event.type === 'store-changed')
    const migrate = stream.events.flatMap((event) =>
      event.type === 'progress' && event.operation === 'migration.run' && event.event.phase === 'migrate' ? [event.event.done] : []
    )
    expect(new Set(migrate).size).toBeGreaterThanOrEqual(3)
    expect(migrate.at(-1)).toBe(20_000)
  })

  it('serves index.html with the renderer CSP, nosniff and no caching', async () => {
    const { host } = await serve()
    const res = await rawRequest({ port: host.port, path: `/?token=${host.token}` })
    expect(res.status).toBe(200)
    expect(res.body).toContain('<div id="root">')
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toBe(RENDERER_CSP)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    const index = await rawRequest({ port: host.port, path: '/index.html' })
    expect(index.body).toBe(res.body)
  })

  it('serves assets with their MIME types', async () => {
    const { host } = await serve()
    const script = await rawRequest({ port: host.port, path: '/assets/index-abc123.js' })
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.headers['cache-control']).toContain('immutable')
    const style = await rawRequest({ port: host.port, path: '/assets/index-abc123.css' })
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8')
    expect((await rawRequest({ port: host.port, path: '/assets/missing.js' })).status).toBe(404)
    expect((await rawRequest({ port: host.port, path: '/assets/' })).status).toBe(404)
  })

  it('refuses path traversal in every spelling', async () => {
    const { host } = await serve()
    const attempts = [
      '/../secret.json',
      '/..%2fsecret.json',
      '/%2e%2e/secret.json',
      '/%2e%2e%2fsecret.json',
      '/%2E%2E%2Fsecret.json',
      '/assets/../../secret.json',
      '/assets/..%2f..%2fsecret.json',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.json',
      '/..%5csecret.json',
      '/%252e%252e%252fsecret.json',
      '/index.html%00.js',
      '/%c0%ae%c0%ae/secret.json',
      '//etc/passwd',
      '/../../../../../../etc/passwd',
      '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd'
    ]
    for (const attempt of attempts) {
      const res = await rawRequest({ port: host.port, path: attempt })
      expect(res.status, attempt).toBe(404)
      expect(res.body, attempt).not.toContain('secret')
      expect(res.body, attempt).not.toContain('root:')
    }
  })

  it('closes the store when it closes', async () => {
    const { host, session } = await serve()
    await host.close()
    expect(session.store.db.status).toBe('closed')
  })
})
