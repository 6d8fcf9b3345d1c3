import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { AppDriver } from './app-driver.ts'
import { launchBrowser, openApp, type OpenedPage } from './browser.ts'
import type { TestDemoVersion } from '../../helpers/demo-v3.ts'
import { demoStore, putRaw, snapshot, type TempStore } from './stores.ts'
import { startWebHost, type WebHost } from './web-host.ts'

export interface Served {
  store: TempStore
  host: WebHost
  /** Every key and value as the host found them (when asked for), to prove what an operation left unchanged. */
  before: Map<string, string> | null
  /** Stops the host early (to read the closed store); afterEach tolerates it being stopped already. */
  stopHost(): Promise<void>
}

/**
 * Call at the top of an e2e file: one Chromium per file; per test, fresh demo stores and web hosts, all stopped
 * and removed afterwards whatever happened.
 */
export function useE2eSession() {
  let browser: Browser | null = null
  const cleanups: Array<() => Promise<void>> = []
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  })

  return {
    /** A demo store of `count` tasks (optionally with raw entries written before the host opens it), served. */
    async serve(count: number, options: { raw?: Record<string, string>; snapshot?: boolean; version?: TestDemoVersion } = {}): Promise<Served> {
      const store = await demoStore(count, 'store', options.version)
      cleanups.push(() => store.remove())
      if (options.raw) await putRaw(store.dataDir, options.raw)
      const before = options.snapshot ? await snapshot(store.dataDir) : null
      const host = await startWebHost(store.dataDir)
      cleanups.push(() => host.stop())
      return { store, host, before, stopHost: () => host.stop() }
    },
    /** The app in a fresh browser context. */
    async open(url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenedPage & { app: AppDriver }> {
      if (!browser) throw new Error('the browser did not start')
      const opened = await openApp(browser, url, colorScheme)
      cleanups.push(() => opened.context.close())
      return { ...opened, app: new AppDriver(opened.page) }
    }
  }
}
