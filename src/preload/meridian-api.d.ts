import type { ApiEvent, ApiInput, ApiMethod, ApiResult } from '../shared/api.contract.ts'

/** One function per contract call: the input in, the call's ApiResult out (errors as data, never thrown). */
export type MeridianApiCalls = { readonly [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResult<M>> }

/** What the preload exposes on `window.meridian`: the contract's calls and an event subscription, nothing else. */
export interface MeridianApi extends MeridianApiCalls {
  /** Subscribes to host events (progress, store-changed); returns the unsubscribe function. */
  readonly onEvent: (listener: (event: ApiEvent) => void) => () => void
}
