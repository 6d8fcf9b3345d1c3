import type { MeridianApi } from './meridian-api.d.ts'

declare global {
  interface Window {
    readonly meridian: MeridianApi
  }
}
