import type { ApiEvent } from '../shared/api.contract.ts'
import { API_METHODS } from '../shared/api-methods.ts'
import { API_EVENT_CHANNEL, apiChannel } from '../shared/ipc-channels.ts'
import type { MeridianApi, MeridianApiCalls } from './meridian-api.d.ts'

/** The slice of ipcRenderer the bridge uses (injected, so the bridge is unit-tested without Electron). */
export interface BridgeIpc {
  invoke(channel: string, input: unknown): Promise<unknown>
  on(channel: string, listener: (event: unknown, payload: ApiEvent) => void): void
  removeListener(channel: string, listener: (event: unknown, payload: ApiEvent) => void): void
}

/**
 * What `window.meridian` is: exactly one function per contract call, each invoking its own channel, plus
 * `onEvent`, which hands the listener the ApiEvent only (never the IPC event and its sender) and returns the
 * unsubscribe function. No generic invoke or send.
 */
export function buildMeridianApi(ipc: BridgeIpc): MeridianApi {
  const calls = Object.fromEntries(
    API_METHODS.map((method) => [method, (input: unknown) => ipc.invoke(apiChannel(method), input)])
  ) as unknown as MeridianApiCalls
  return {
    ...calls,
    onEvent(listener) {
      const forward = (_event: unknown, payload: ApiEvent): void => listener(payload)
      ipc.on(API_EVENT_CHANNEL, forward)
      return () => {
        ipc.removeListener(API_EVENT_CHANNEL, forward)
      }
    }
  }
}
