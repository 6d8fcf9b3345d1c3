import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { errorCodeSchema } from '../../../src/shared/errors.ts'
import { RENDERER_CSP } from '../../../src/main/web/csp.ts'
import { httpStatusByCode } from '../../../src/main/web/http-status.ts'
import { isAllowedHostAndOrigin, tokenMatches } from '../../../src/main/web/request-guard.ts'
import { mimeTypeFor, resolveStaticPath } from '../../../src/main/web/static-files.ts'

describe('Host and Origin check', () => {
  it('accepts only 127.0.0.1 and localhost on the served port', () => {
    expect(isAllowedHostAndOrigin('127.0.0.1:8080', undefined, 8080)).toBe(true)
    expect(isAllowedHostAndOrigin('localhost:8080', undefined, 8080)).toBe(true)
    expect(isAllowedHostAndOrigin('LOCALHOST:8080', undefined, 8080)).toBe(true)
    expect(isAllowedHostAndOrigin(undefined, undefined, 8080)).toBe(false)
    expect(isAllowedHostAndOrigin('127.0.0.1', undefined, 8080)).toBe(false)
    expect(isAllowedHostAndOrigin('127.0.0.1:8081', undefined, 8080)).toBe(false)
    expect(isAllowedHostAndOrigin('rebind.evil.example:8080', undefined, 8080)).toBe(false)
  })

  it('accepts an Origin only when it is the page itself', () => {
    expect(isAllowedHostAndOrigin('127.0.0.1:8080', 'http://127.0.0.1:8080', 8080)).toBe(true)
    expect(isAllowedHostAndOrigin('127.0.0.1:8080', 'http://localhost:8080', 8080)).toBe(true)
    expect(isAllowedHostAndOrigin('127.0.0.1:8080', 'http://127.0.0.1:8080/', 8080)).toBe(false)
    expect(isAllowedHostAndOrigin('127.0.0.1:8080', 'null', 8080)).toBe(false)
    expect(isAllowedHostAndOrigin('127.0.0.1:8080', 'https://127.0.0.1:8080', 8080)).toBe(false)
    expect(isAllowedHostAndOrigin('127.0.0.1:8080', 'http://evil.example', 8080)).toBe(false)
  })
})

describe('token comparison', () => {
  it('matches only the very token', () => {
    const token = 'a'.repeat(48)
    expect(tokenMatches(token, token)).toBe(true)
    expect(tokenMatches(`${token}a`, token)).toBe(false)
    expect(tokenMatches(token.slice(1), token)).toBe(false)
    expect(tokenMatches('', token)).toBe(false)
    expect(tokenMatches(undefined, token)).toBe(false)
  })
})

describe('static files', () => {
  it('maps / to index.html and keeps other paths inside the root', () => {
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html')
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js')
    expect(resolveStaticPath('/srv/app', '/assets/a%20b.js')).toBe('/srv/app/assets/a b.js')
  })

  it('refuses .., backslashes, NUL and bad encodings instead of normalising them', () => {
    for (const bad of ['/../x', '/a/../../x', '/%2e%2e/x', '/a%2f..%2f..%2fx', '/..%5cx', '/a\\b', '/x%00.js', '/%E0%A4%A', '/./index.html', 'index.html']) {
      expect(resolveStaticPath('/srv/app', bad), bad).toBeNull()
    }
  })

  it('knows the MIME types of what a Vite build emits', () => {
    expect(mimeTypeFor('a.html')).toBe('text/html; charset=utf-8')
    expect(mimeTypeFor('a.js')).toBe('text/javascript; charset=utf-8')
    expect(mimeTypeFor('a.css')).toBe('text/css; charset=utf-8')
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml')
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2')
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream')
  })
})

describe('shared policies', () => {
  it('sends the very CSP of the renderer index.html meta tag', async () => {
    const html = await readFile(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)
    expect(meta?.[1]).toBe(RENDERER_CSP)
  })

  it('maps every error code to a 4xx or 5xx status', () => {
    for (const code of errorCodeSchema.options) expect(httpStatusByCode[code]).toBeGreaterThanOrEqual(400)
    expect(httpStatusByCode.INVALID_INPUT).toBe(400)
    expect(httpStatusByCode.BUSY).toBe(409)
    expect(httpStatusByCode.INTERNAL).toBe(500)
  })
})
