import { pathToFileURL } from 'node:url'

// Where the renderer is loaded from, and the one test of whether a URL belongs to the app. No electron import,
// so it is unit-tested without Electron.

/** The URL the window loads: the dev server's when one is given, else the built index.html. */
export function rendererUrl(devServerUrl: string | undefined, builtIndexHtml: string): URL {
  return devServerUrl ? new URL(devServerUrl) : pathToFileURL(builtIndexHtml)
}

/**
 * Whether `target` is the app itself. For an http(s) app: the same parsed origin. For a file: app (whose origin
 * is opaque, "null", so it cannot be compared): the very same file. Anything unparsable is not the app.
 */
export function isAppUrl(target: string, app: URL): boolean {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return false
  }
  if (app.protocol === 'file:') {
    return url.protocol === 'file:' && url.host === app.host && url.pathname === app.pathname
  }
  return app.origin !== 'null' && url.origin === app.origin
}
