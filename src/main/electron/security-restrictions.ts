import { app } from 'electron'
import { isAppUrl } from './app-location.ts'

/** Every web contents the app creates may navigate only within the app, and may open no window. */
export function installSecurityRestrictions(appUrl: URL): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isAppUrl(event.url, appUrl)) event.preventDefault()
    })
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}
