import type { WebPreferences } from 'electron'

/** The one set of web preferences every window gets: sandboxed, isolated, no Node in the page. */
export function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false
  }
}
