import { apiMethods, type ApiClient, type ApiEvent, type ApiMethod } from '../../../shared/api.contract.ts'
import { failure, parseEvent, parseResult } from './result-parsing.ts'

/** The preload bridge's shape: one function per contract method, plus `onEvent`. */
type Bridge = Record<ApiMethod, (input: unknown) => Promise<unknown>> & {
  onEvent(listener: (event: unknown) => void): () => void
}

/** `window.meridian` when the preload exposed the full contract (Electron), else null (a plain browser). */
export function findBridge(target: object = window): Bridge | null {
  const candidate = (target as { meridian?: unknown }).meridian
  if (typeof candidate !== 'object' || candidate === null) return null
  const record = candidate as Record<string, unknown>
  const complete = typeof record.onEvent === 'function' && apiMethods.every((method) => typeof record[method] === 'function')
  return complete ? (candidate as Bridge) : null
}

/** The desktop client: calls go through the preload bridge; answers are checked against the contract. */
export function createIpcClient(bridge: Bridge): ApiClient {
  return {
    async call(method, input) {
      try {
        return parseResult(method, await bridge[method](input))
      } catch (error) {
        return failure('INTERNAL', `The desktop bridge failed on ${method}: ${error instanceof Error ? error.message : String(error)}`)
      }
    },
    subscribe(listener: (event: ApiEvent) => void) {
      return bridge.onEvent((raw) => {
        const event = parseEvent(raw)
        if (event) listener(event)
      })
    }
  }
}
