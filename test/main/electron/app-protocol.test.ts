import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { APP_SCHEME_PRIVILEGES, appFileResponse, serveAppProtocol } from '../../../src/main/electron/app-protocol.ts'
import { useTempStores } from '../../helpers/temp-store.ts'

// The real handler on a real folder, called with the Requests Electron would hand it.

describe('the app scheme serves the built renderer folder and nothing else', () => {
  const temp = useTempStores()
  let root: string
  beforeEach(async () => {
    const base = await temp.root()
    root = path.join(base, 'renderer')
    await mkdir(path.join(root, 'assets'), { recursive: true })
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>')
    await writeFile(path.join(root, 'assets', 'index.js'), 'console.log(1)')
    await writeFile(path.join(base, 'secret.txt'), 'not for the page')
  })

  const get = (url: string, method = 'GET'): Promise<Response> => appFileResponse(root, new Request(url, { method }))

  it('answers the page and its assets with their types; / is index.html', async () => {
    const page = await get('app://meridian/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('<title>app</title>')
    expect(await (await get('app://meridian/')).text()).toContain('<title>app</title>')
    const script = await get('app://meridian/assets/index.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
  })

  it('refuses to climb out of the folder in any encoding, and other hosts of the scheme, with 404', async () => {
    for (const url of [
      'app://meridian/%2e%2e/secret.txt',
      'app://meridian/..%2fsecret.txt',
      'app://meridian/assets/%2E%2E/%2E%2E/secret.txt',
      'app://meridian/%5c..%5csecret.txt',
      'app://other/index.html',
      'app://meridian/missing.js',
      'app://meridian/assets'
    ]) {
      const answer = await get(url)
      expect(answer.status, url).toBe(404)
      expect(await answer.text(), url).not.toContain('not for the page')
    }
  })

  it('answers only GET and HEAD (HEAD without a body)', async () => {
    expect((await get('app://meridian/index.html', 'POST')).status).toBe(405)
    const head = await get('app://meridian/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('registers the handler on the privileged scheme (wiring)', async () => {
    const handlers = new Map<string, (request: Request) => Promise<Response>>()
    serveAppProtocol({ handle: (scheme, handler) => void handlers.set(scheme, handler) }, root)
    expect([...handlers.keys()]).toEqual([APP_SCHEME_PRIVILEGES.scheme])
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } })
    const answer = await handlers.get('app')?.(new Request('app://meridian/index.html'))
    expect(answer?.status).toBe(200)
  })
})
