import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { rawCall } from '../support/web-host.ts'

const session = useE2eSession()

const errorOf = (json: unknown): { code?: string; message?: string } => (json as { ok?: boolean; error?: { code?: string; message?: string } }).error ?? {}

/** fetch() may not set Host; node:http can, as a DNS-rebinding page's request would carry it. */
function statusWithHost(origin: string, hostHeader: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}/api/store.status`,
      {
        method: 'POST',
        headers: { Host: hostHeader, 'Content-Type': 'application/json', 'X-Meridian-Token': token }
      },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      }
    )
    req.on('error', reject)
    req.end('{}')
  })
}

describe('web host, requests it refuses (real host, real store)', () => {
  it('malformed requests get 400 INVALID_INPUT naming the problem, and the host keeps serving', async () => {
    const { host } = await session.serve(100)

    const badJson = await rawCall(host, 'store.records', '{"prefix": "task:", ')
    expect(badJson.status).toBe(400)
    expect(badJson.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    const wrongType = await rawCall(host, 'store.records', JSON.stringify({ prefix: 42, limit: 'ten' }))
    expect(wrongType.status).toBe(400)
    expect(errorOf(wrongType.json).code).toBe('INVALID_INPUT')
    expect(errorOf(wrongType.json).message).toMatch(/prefix|limit/)

    const unknownField = await rawCall(host, 'migration.run', JSON.stringify({ to: 3, force: true }))
    expect(unknownField.status).toBe(400)
    expect(errorOf(unknownField.json).code).toBe('INVALID_INPUT')

    const badBackupId = await rawCall(host, 'backups.restore', JSON.stringify({ id: '../../etc/passwd' }))
    expect(badBackupId.status).toBe(400)
    expect(errorOf(badBackupId.json).code).toBe('INVALID_INPUT')

    const notAnObject = await rawCall(host, 'store.status', '[1, 2, 3]')
    expect(notAnObject.status).toBe(400)
    expect(errorOf(notAnObject.json).code).toBe('INVALID_INPUT')

    // Nothing was harmed: a well-formed call still answers.
    const status = await rawCall(host, 'store.status', '{}')
    expect(status.status).toBe(200)
    expect(status.json).toMatchObject({ ok: true, value: { currentVersion: 1, targetVersion: 3 } })
  })

  it('a request without the token (or with a wrong one) gets 401; a foreign Host or Origin gets 403', async () => {
    const { host } = await session.serve(100)
    const noToken = await rawCall(host, 'store.status', '{}', { 'Content-Type': 'application/json' })
    expect(noToken.status).toBe(401)
    expect(noToken.json).toMatchObject({ ok: false })

    const wrongToken = await rawCall(host, 'store.status', '{}', { 'Content-Type': 'application/json', 'X-Meridian-Token': 'not-the-token' })
    expect(wrongToken.status).toBe(401)

    const events = await fetch(`${host.origin}/api/events`)
    expect(events.status).toBe(401)
    await events.body?.cancel()

    // DNS rebinding: the right token, but a Host that is not our loopback address.
    const rebound = await fetch(`${host.origin}/api/store.status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Meridian-Token': host.token, Origin: 'http://evil.example' },
      body: '{}'
    })
    expect(rebound.status).toBe(403)
    await rebound.body?.cancel()
    expect(await statusWithHost(host.origin, `evil.example:${new URL(host.origin).port}`, host.token)).toBe(403)
  })

  it('the page opened without its token says so in a banner instead of failing silently', async () => {
    const { host } = await session.serve(100)
    const { page, problems } = await session.open(host.origin + '/')
    const banner = page.getByRole('alert').first()
    await banner.waitFor()
    expect(await banner.innerText()).toMatch(/no access token[\s\S]*ACCESS_DENIED/)
    await screenshot(page, 'no-token-light')
    expect(problems).toEqual([])
  })
})
