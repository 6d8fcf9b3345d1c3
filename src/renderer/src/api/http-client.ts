import { CLIENT_ID_HEADER, type ApiClient, type ApiEvent } from '../../../shared/api.contract.ts'
import { failure, parseEvent, parseResult } from './result-parsing.ts'

const TOKEN_KEY = 'meridian-admin.token'
const CLIENT_KEY = 'meridian-admin.client'

/**
 * This page's client id: made once per tab and kept in sessionStorage, so a reload keeps it (and re-attaches to
 * the run it started) while another tab or window gets its own.
 */
export function takeClientId(storage: Storage = window.sessionStorage): string {
  const kept = storage.getItem(CLIENT_KEY)
  if (kept && /^[A-Za-z0-9-]{8,64}$/.test(kept)) return kept
  const made = `page-${crypto.randomUUID()}`
  storage.setItem(CLIENT_KEY, made)
  return made
}

/**
 * The access token printed by the web host: taken from `?token=` once, kept in sessionStorage (so a reload keeps
 * working) and removed from the address bar (so it is not left in history or screenshots).
 */
export function takeToken(location: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return storage.getItem(TOKEN_KEY)
}

/** The browser client: `POST /api/<method>` with the token header; events over Server-Sent Events. */
export function createHttpClient(token: string | null, base = '', clientId?: string): ApiClient {
  return {
    async call(method, input) {
      if (!token) {
        return failure('ACCESS_DENIED', 'This page has no access token: open the full URL (with ?token=…) that `npm run serve` printed.')
      }
      let response: Response
      try {
        response = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Meridian-Token': token, ...(clientId ? { [CLIENT_ID_HEADER]: clientId } : {}) },
          body: JSON.stringify(input ?? {})
        })
      } catch (error) {
        // No answer at all (the host stopped, or the network refused): neither the disk nor the data is to blame.
        return failure('HOST_UNREACHABLE', `Lost connection to the host: ${method} got no answer (${error instanceof Error ? error.message : String(error)})`)
      }
      let body: unknown
      try {
        body = await response.json()
      } catch {
        return failure('INTERNAL', `The host answered ${method} with HTTP ${response.status} and no JSON body`)
      }
      const result = parseResult(method, body)
      if (!result.ok && response.status === 401) {
        return failure('ACCESS_DENIED', `The host refused the access token (HTTP 401): ${result.error.message}`)
      }
      return result
    },
    subscribe(listener: (event: ApiEvent) => void, onConnection?: (connected: boolean) => void) {
      if (!token) return () => {}
      const source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`)
      // EventSource retries by itself after the stream breaks; each break and each reopening is passed on.
      source.onerror = () => onConnection?.(false)
      source.onopen = () => onConnection?.(true)
      source.onmessage = (message: MessageEvent<string>) => {
        let raw: unknown
        try {
          raw = JSON.parse(message.data)
        } catch {
          console.warn('Ignored a host event that is not JSON', message.data)
          return
        }
        const event = parseEvent(raw)
        if (event) listener(event)
      }
      return () => source.close()
    }
  }
}
