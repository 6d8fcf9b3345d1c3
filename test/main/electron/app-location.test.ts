import { describe, expect, it } from 'vitest'
import { BUILT_APP_URL, isAppUrl, rendererUrl } from '../../../src/main/electron/app-location.ts'

describe('where the desktop window loads the app from', () => {
  it('loads the built pages from the app scheme, never from file://', () => {
    expect(rendererUrl(undefined, false).href).toBe(BUILT_APP_URL)
    expect(rendererUrl(undefined, true).href).toBe(BUILT_APP_URL)
    expect(new URL(BUILT_APP_URL).protocol).toBe('app:')
  })

  it('honours the dev server URL in a development build only: a built app ignores ELECTRON_RENDERER_URL', () => {
    expect(rendererUrl('http://localhost:5173/', true).href).toBe('http://localhost:5173/')
    expect(rendererUrl('http://localhost:5173/', false).href).toBe(BUILT_APP_URL)
    expect(rendererUrl('https://evil.example/', false).href).toBe(BUILT_APP_URL)
  })

  it('counts as the app only its own scheme and host, or the dev server origin; file: pages never', () => {
    const built = new URL(BUILT_APP_URL)
    expect(isAppUrl('app://meridian/assets/index.js', built)).toBe(true)
    expect(isAppUrl('app://meridian/index.html#/backups', built)).toBe(true)
    expect(isAppUrl('app://other/index.html', built)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', built)).toBe(false)
    expect(isAppUrl('not a url', built)).toBe(false)
    expect(isAppUrl('file:///opt/app/index.html', new URL('file:///opt/app/index.html'))).toBe(false)
    expect(isAppUrl('http://localhost:5173/x', new URL('http://localhost:5173/'))).toBe(true)
  })
})
