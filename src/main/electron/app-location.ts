// Where the renderer is loaded from, and the one test of whether a URL belongs to the app. No electron import,
// so it is unit-tested without Electron.

/**
 * The app's built pages, served by the app's own scheme (see app-protocol.ts) rather than from file://: a file:
 * page's origin is opaque, and its CSP 'self' lets it load any other local file.
 */
export const BUILT_APP_URL = 'app://meridian/index.html'

/**
 * The URL the window loads: the dev server's only in a development build (`electron-vite dev`), where one is
 * given; a built app, packaged or not, always loads its own pages, whatever ELECTRON_RENDERER_URL says.
 */
export function rendererUrl(devServerUrl: string | undefined, developmentBuild: boolean): URL {
  return developmentBuild && devServerUrl ? new URL(devServerUrl) : new URL(BUILT_APP_URL)
}

/**
 * Whether `target` is the app itself. For the app's scheme: the same scheme and host (its URL origin is "null",
 * as for every non-web scheme, so origins cannot be compared). For an http(s) dev server: the same parsed origin.
 * Anything else, file: URLs included, and anything unparsable, is not the app.
 */
export function isAppUrl(target: string, app: URL): boolean {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return false
  }
  if (app.protocol === 'app:') return url.protocol === 'app:' && url.host === app.host
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false
  return url.origin === app.origin
}
