import { describe, expect, it } from 'vitest'
import { type BridgeIpc, buildMeridianApi } from '../../src/preload/api-bridge.ts'
import { API_EVENT_CHANNEL, apiChannel } from '../../src/shared/ipc-channels.ts'
import { type ApiEvent, apiMethods } from '../../src/shared/api.contract.ts'

function fakeIpc() {
  const invoked: { channel: string; input: unknown }[] = []
  const listeners = new Map<string, Set<(event: unknown, payload: ApiEvent) => void>>()
  const ipc: BridgeIpc = {
    invoke: async (channel, input) => {
      invoked.push({ channel, input })
      return { ok: true, value: channel }
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)?.add(listener)
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener)
    }
  }
  const emit = (payload: ApiEvent): void => {
    for (const listener of listeners.get(API_EVENT_CHANNEL) ?? []) listener({ sender: 'the IPC event object' }, payload)
  }
  return { ipc, invoked, listeners, emit }
}

describe('window.meridian (the preload bridge)', () => {
  it('exposes exactly one function per contract call plus onEvent, nothing else', () => {
    const api = buildMeridianApi(fakeIpc().ipc)
    expect(Object.keys(api).sort()).toEqual([...apiMethods, 'onEvent'].sort())
    for (const key of Object.keys(api)) expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function')
    expect(api).not.toHaveProperty('invoke')
    expect(api).not.toHaveProperty('send')
  })

  it('sends each call on its own channel with the input untouched', async () => {
    const { ipc, invoked } = fakeIpc()
    const api = buildMeridianApi(ipc)
    await api['migration.run']({ to: 3 })
    await api['backups.restore']({ id: 'backup_20240101_120000' })
    expect(invoked).toEqual([
      { channel: 'api:migration.run', input: { to: 3 } },
      { channel: 'api:backups.restore', input: { id: 'backup_20240101_120000' } }
    ])
    for (const method of apiMethods) expect(apiChannel(method)).toBe(`api:${method}`)
  })

  it('hands listeners the ApiEvent only, and unsubscribes', () => {
    const { ipc, listeners, emit } = fakeIpc()
    const api = buildMeridianApi(ipc)
    const received: unknown[][] = []
    const unsubscribe = api.onEvent((...args: unknown[]) => received.push(args))
    emit({ type: 'store-changed' })
    expect(received).toEqual([[{ type: 'store-changed' }]])
    unsubscribe()
    emit({ type: 'store-changed' })
    expect(received).toHaveLength(1)
    expect(listeners.get(API_EVENT_CHANNEL)?.size).toBe(0)
  })
})
