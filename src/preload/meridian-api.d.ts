/** What the preload exposes on `window.meridian`. The full typed API arrives with the contract. */
export interface MeridianApi {
  readonly version: string
}
