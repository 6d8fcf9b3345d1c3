import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHttpClient } from '../../../src/renderer/src/api/http-client.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

function stubFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return respond(url, init)
  })
  return calls
}

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('the HTTP client', () => {
  it('POSTs the input as JSON to /api/<method> with the token header, and returns the parsed result', async () => {
    const calls = stubFetch(() => json({ ok: true, value: { cancelled: false } }))
    const client = createHttpClient('secret', 'http://127.0.0.1:9')
    expect(await client.call('operation.cancel', {})).toEqual({ ok: true, value: { cancelled: false } })
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/api/operation.cancel')
    expect(calls[0]?.init.method).toBe('POST')
    expect((calls[0]?.init.headers as Record<string, string>)['X-Meridian-Token']).toBe('secret')
    expect(calls[0]?.init.body).toBe('{}')
  })

  it('reads the coded error from a 4xx body', async () => {
    stubFetch(() => json({ ok: false, error: { code: 'BUSY', message: 'A restore is running' } }, 409))
    const result = await createHttpClient('t').call('migration.run', {})
    expect(result).toEqual({ ok: false, error: { code: 'BUSY', message: 'A restore is running' } })
  })

  it('says the token was refused on 401', async () => {
    stubFetch(() => json({ ok: false, error: { code: 'ACCESS_DENIED', message: 'Missing or wrong token' } }, 401))
    const result = await createHttpClient('stale').call('store.status', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED', message: expect.stringContaining('HTTP 401') } })
  })

  it('reports an unreachable host as HOST_UNREACHABLE (never a disk error) and a non-JSON answer as INTERNAL, never throwing', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    expect(await createHttpClient('t').call('store.info', {})).toMatchObject({
      ok: false,
      error: { code: 'HOST_UNREACHABLE', message: expect.stringMatching(/^Lost connection to the host: store.info got no answer \(Failed to fetch\)/) }
    })
    stubFetch(() => new Response('<html>502</html>', { status: 502 }))
    expect(await createHttpClient('t').call('store.info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('HTTP 502') }
    })
  })

  it('without a token makes no request and says how to get one', async () => {
    const calls = stubFetch(() => json({}))
    const result = await createHttpClient(null).call('store.info', {})
    expect(calls).toHaveLength(0)
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('?token=') } })
  })
})
