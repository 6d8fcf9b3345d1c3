import type { ApiClient, ApiInput, ApiMethod, ApiResult } from '../../../shared/api.contract.ts'
import { createHttpClient, takeClientId, takeToken } from './http-client.ts'
import { createIpcClient, findBridge } from './ipc-client.ts'

export type HostKind = 'desktop' | 'web'

let current: { client: ApiClient; host: HostKind } | null = null

/** Picks the client once, at start-up: the preload bridge when Electron provides it, else HTTP to this page's host. */
export function connectApiClient(): { client: ApiClient; host: HostKind } {
  if (current) return current
  const bridge = findBridge()
  current = bridge ? { client: createIpcClient(bridge), host: 'desktop' } : { client: createHttpClient(takeToken(), '', takeClientId()), host: 'web' }
  return current
}

const unreachableListeners = new Set<() => void>()

/** Hears every call that got no answer at all (HOST_UNREACHABLE); returns the way to stop. */
export function onHostUnreachable(listener: () => void): () => void {
  unreachableListeners.add(listener)
  return () => unreachableListeners.delete(listener)
}

/** The one way stores reach the host. */
export async function api<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
  const result = await connectApiClient().client.call(method, input)
  if (!result.ok && result.error.code === 'HOST_UNREACHABLE') for (const listener of [...unreachableListeners]) listener()
  return result
}
