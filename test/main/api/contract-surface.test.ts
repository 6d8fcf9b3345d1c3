import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { startWebHost, type WebHost } from '../../../src/main/web/web-host.ts'
import { buildMeridianApi } from '../../../src/preload/api-bridge.ts'
import { apiChannel } from '../../../src/shared/ipc-channels.ts'
import { apiContract, apiMethods } from '../../../src/shared/api.contract.ts'
import { callApi, fakeRenderer } from '../web/http-helpers.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()
const hosts: WebHost[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
})

describe('the contract surface: every call is served by every host', () => {
  it('has a handler for every contract call and no other', async () => {
    const handlers = createApiHandlers(await demo.session({ count: 5 }))
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(apiContract).sort())
  })

  it('has a preload method on its own IPC channel for every contract call', async () => {
    const channels: string[] = []
    const api = buildMeridianApi({ invoke: async (channel) => channels.push(channel), on: () => undefined, removeListener: () => undefined })
    for (const method of apiMethods) await (api[method] as (input: unknown) => Promise<unknown>)({})
    expect(channels).toEqual(apiMethods.map(apiChannel))
  })

  it('has an HTTP route for every contract call, which parses its input with the contract', async () => {
    const session = await demo.session({ count: 5 })
    const host = await startWebHost({ session, rendererDir: await fakeRenderer(path.dirname(session.store.dataDir)) })
    hosts.push(host)
    for (const method of apiMethods) {
      const res = await callApi(host.port, host.token, method, { notAField: true })
      expect(res.status, method).toBe(400)
      const body = JSON.parse(res.body) as { error: { code: string; message: string } }
      expect(body.error.code, method).toBe('INVALID_INPUT')
      expect(body.error.message, method).toContain(`Invalid input for ${method}`)
    }
  })
})
