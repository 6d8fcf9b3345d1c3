import { isAppUrl } from './app-location.ts'

// No electron import: index.ts hands in Electron's `app`; the wiring test hands in stand-ins.

/** An event a guard may cancel; `url` is where the page, a frame or a redirect would go. */
export interface NavigationEvent {
  url: string
  preventDefault(): void
}

/** The part of a webContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: () => { action: 'deny' }): void
}

/** Electron's `app`, as far as the guards use it. */
export interface WebContentsSource {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown
}

/**
 * Every web contents the app creates may go only within the app: a top-level navigation, any frame's navigation
 * and any server redirect elsewhere is cancelled; no window may open and no <webview> may attach.
 */
export function installSecurityRestrictions(app: WebContentsSource, appUrl: URL): void {
  app.on('web-contents-created', (_event, contents) => {
    const stayInApp = (event: NavigationEvent): void => {
      if (!isAppUrl(event.url, appUrl)) event.preventDefault()
    }
    contents.on('will-navigate', stayInApp)
    contents.on('will-frame-navigate', stayInApp)
    contents.on('will-redirect', stayInApp)
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}
