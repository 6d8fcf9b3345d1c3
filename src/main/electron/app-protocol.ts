import { readFile } from 'node:fs/promises'
import { mimeTypeFor, resolveStaticPath } from '../web/static-files.ts'
import { BUILT_APP_URL } from './app-location.ts'

// The app's own scheme, `app://meridian/…`, serving the built renderer folder and nothing else. No electron
// import: index.ts hands in Electron's `protocol`, and the tests call the handler with plain Requests.

const APP_URL = new URL(BUILT_APP_URL)

/**
 * Registered before the app is ready: `standard` gives the scheme real origins and relative URLs, `secure` lets
 * the page use what https pages may, `supportFetchAPI` lets Electron hand the handler a Request.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_URL.protocol.slice(0, -1),
  privileges: { standard: true, secure: true, supportFetchAPI: true }
} as const

/** Electron's `protocol`, as far as the app uses it. */
export interface AppProtocol {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/**
 * The answer to one request for an app page: a file under `root` named by the path (the web host's own path rule,
 * which refuses `..` in any encoding), 404 for any other host or any missing file, 405 for anything but GET/HEAD.
 */
export async function appFileResponse(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 })
  const url = new URL(request.url)
  if (url.protocol !== APP_URL.protocol || url.host !== APP_URL.host) return notFound()
  const file = resolveStaticPath(root, url.pathname)
  if (!file) return notFound()
  try {
    const body = await readFile(file)
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { 'content-type': mimeTypeFor(file) } })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return notFound()
    throw error
  }
}

/** Serves `root` (the built renderer folder) on the app's scheme. Call once the app is ready. */
export function serveAppProtocol(protocol: AppProtocol, root: string): void {
  protocol.handle(APP_SCHEME_PRIVILEGES.scheme, (request) => appFileResponse(root, request))
}
