import { describe, expect, it } from 'vitest'
import { apiMethods } from '../../../src/shared/api.contract.ts'
import { createIpcClient, findBridge } from '../../../src/renderer/src/api/ipc-client.ts'

function fakeBridge(answer: (method: string, input: unknown) => unknown) {
  const listeners: Array<(event: unknown) => void> = []
  const bridge: Record<string, unknown> = {
    onEvent(listener: (event: unknown) => void) {
      listeners.push(listener)
      return () => listeners.splice(listeners.indexOf(listener), 1)
    }
  }
  for (const method of apiMethods) bridge[method] = async (input: unknown) => answer(method, input)
  return { bridge, emit: (event: unknown) => listeners.forEach((l) => l(event)), listeners }
}

describe('the preload-bridge client', () => {
  it('is picked only when window.meridian carries every contract method and onEvent', () => {
    expect(findBridge({})).toBeNull()
    expect(findBridge({ meridian: { version: '0.1.0' } })).toBeNull()
    const { bridge } = fakeBridge(() => null)
    expect(findBridge({ meridian: bridge })).toBe(bridge)
  })

  it('passes the input through and validates the answer', async () => {
    const seen: unknown[] = []
    const { bridge } = fakeBridge((method, input) => {
      seen.push([method, input])
      return { ok: true, value: { deleted: 'backup_20240101_120000' } }
    })
    const client = createIpcClient(findBridge({ meridian: bridge })!)
    expect(await client.call('backups.delete', { id: 'backup_20240101_120000' })).toEqual({ ok: true, value: { deleted: 'backup_20240101_120000' } })
    expect(seen).toEqual([['backups.delete', { id: 'backup_20240101_120000' }]])
  })

  it('turns a thrown bridge error into INTERNAL instead of rejecting', async () => {
    const { bridge } = fakeBridge(() => {
      throw new Error('IPC channel closed')
    })
    const client = createIpcClient(findBridge({ meridian: bridge })!)
    expect(await client.call('store.info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('IPC channel closed') }
    })
  })

  it('delivers valid events, drops invalid ones, and unsubscribes', () => {
    const { bridge, emit, listeners } = fakeBridge(() => null)
    const client = createIpcClient(findBridge({ meridian: bridge })!)
    const got: unknown[] = []
    const unsubscribe = client.subscribe((event) => got.push(event))
    const warn = console.warn
    console.warn = () => undefined
    emit({ type: 'store-changed' })
    emit({ type: 'nonsense' })
    console.warn = warn
    expect(got).toEqual([{ type: 'store-changed' }])
    unsubscribe()
    expect(listeners).toHaveLength(0)
  })
})
