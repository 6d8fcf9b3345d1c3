import type { ApiClient, ApiInput, ApiMethod, ApiResult } from '../../../shared/api.contract.ts'
import { createHttpClient, takeToken } from './http-client.ts'
import { createIpcClient, findBridge } from './ipc-client.ts'

export type HostKind = 'desktop' | 'web'

let current: { client: ApiClient; host: HostKind } | null = null

/** Picks the client once, at start-up: the preload bridge when Electron provides it, else HTTP to this page's host. */
export function connectApiClient(): { client: ApiClient; host: HostKind } {
  if (current) return current
  const bridge = findBridge()
  current = bridge ? { client: createIpcClient(bridge), host: 'desktop' } : { client: createHttpClient(takeToken()), host: 'web' }
  return current
}

/** The one way stores reach the host. */
export function api<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
  return connectApiClient().client.call(method, input)
}
