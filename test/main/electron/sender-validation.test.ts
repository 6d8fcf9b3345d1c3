import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BUILT_APP_URL } from '../../../src/main/electron/app-location.ts'
import { isTrustedSender } from '../../../src/main/electron/sender-validation.ts'

describe('isTrustedSender (validateSender of every IPC call)', () => {
  const built = new URL(BUILT_APP_URL)
  const dev = new URL('http://localhost:5173/')

  it('trusts the top frame of the built app page', () => {
    expect(isTrustedSender({ url: built.href, isTopFrame: true }, built)).toBe(true)
    expect(isTrustedSender({ url: `${built.href}#/backups`, isTopFrame: true }, built)).toBe(true)
  })

  it('refuses iframes, even of the app itself', () => {
    expect(isTrustedSender({ url: built.href, isTopFrame: false }, built)).toBe(false)
    expect(isTrustedSender({ url: 'http://localhost:5173/', isTopFrame: false }, dev)).toBe(false)
  })

  it('refuses any local file, another host of the app scheme, another origin, and vanished frames', () => {
    expect(isTrustedSender({ url: pathToFileURL('/tmp/evil.html').href, isTopFrame: true }, built)).toBe(false)
    expect(isTrustedSender({ url: pathToFileURL('/opt/meridian/out/renderer/index.html').href, isTopFrame: true }, built)).toBe(false)
    expect(isTrustedSender({ url: 'app://evil/index.html', isTopFrame: true }, built)).toBe(false)
    expect(isTrustedSender({ url: 'app:meridian', isTopFrame: true }, built)).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.example/', isTopFrame: true }, built)).toBe(false)
    expect(isTrustedSender({ url: 'about:blank', isTopFrame: true }, built)).toBe(false)
    expect(isTrustedSender({ url: '', isTopFrame: true }, built)).toBe(false)
    expect(isTrustedSender(null, built)).toBe(false)
    expect(isTrustedSender(undefined, built)).toBe(false)
  })

  it('compares parsed origins for a dev-server app, never prefixes', () => {
    expect(isTrustedSender({ url: 'http://localhost:5173/index.html', isTopFrame: true }, dev)).toBe(true)
    expect(isTrustedSender({ url: 'http://localhost:5173.evil.example/', isTopFrame: true }, dev)).toBe(false)
    expect(isTrustedSender({ url: 'http://localhost:51730/', isTopFrame: true }, dev)).toBe(false)
    expect(isTrustedSender({ url: 'https://localhost:5173/', isTopFrame: true }, dev)).toBe(false)
  })
})
