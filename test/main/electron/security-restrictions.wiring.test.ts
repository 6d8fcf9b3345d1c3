import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { BUILT_APP_URL } from '../../../src/main/electron/app-location.ts'
import { installSecurityRestrictions, type GuardedContents } from '../../../src/main/electron/security-restrictions.ts'
import { StandInApp, StandInEvent } from './stand-ins.ts'

// Wiring test: the real guards, installed on a stand-in app that "creates" a web contents as Electron would.

class StandInGuardedContents extends EventEmitter implements GuardedContents {
  windowOpenAnswer: unknown
  setWindowOpenHandler(handler: () => { action: 'deny' }): void {
    this.windowOpenAnswer = handler()
  }
}

function navigation(url: string): StandInEvent & { url: string } {
  return Object.assign(new StandInEvent(), { url })
}

function guardedContents(appUrl: URL): StandInGuardedContents {
  const app = new StandInApp()
  installSecurityRestrictions(app, appUrl)
  const contents = new StandInGuardedContents()
  app.emit('web-contents-created', {}, contents)
  return contents
}

describe('navigation guards on every web contents (wiring)', () => {
  const built = new URL(BUILT_APP_URL)

  it('cancels a page, a frame or a redirect going anywhere but the app, file: pages included', () => {
    const contents = guardedContents(built)
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html']) {
        const attempt = navigation(url)
        contents.emit(event, attempt)
        expect(attempt.defaultPrevented, `${event} ${url}`).toBe(true)
      }
      const inside = navigation('app://meridian/index.html#/history')
      contents.emit(event, inside)
      expect(inside.defaultPrevented, `${event} inside the app`).toBe(false)
    }
  })

  it('opens no window and attaches no <webview>', () => {
    const contents = guardedContents(built)
    expect(contents.windowOpenAnswer).toEqual({ action: 'deny' })
    const attach = new StandInEvent()
    contents.emit('will-attach-webview', attach)
    expect(attach.defaultPrevented).toBe(true)
  })

  it('keeps a development build on its dev server origin', () => {
    const contents = guardedContents(new URL('http://localhost:5173/'))
    const away = navigation('http://localhost:5174/')
    contents.emit('will-navigate', away)
    expect(away.defaultPrevented).toBe(true)
    const home = navigation('http://localhost:5173/index.html')
    contents.emit('will-navigate', home)
    expect(home.defaultPrevented).toBe(false)
  })
})
