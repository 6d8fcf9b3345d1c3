import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expectAccessible } from './axe.ts'

const repo = path.resolve(import.meta.dirname, '../../..')
export const SCREENSHOT_DIR = path.join(repo, 'test-results', 'screenshots')

/** Debian's Chromium, never a downloaded one; quiet flags so it makes no network calls of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

export interface OpenedPage {
  context: BrowserContext
  page: Page
  /** Console errors and uncaught page errors seen so far: a test expects none. */
  problems: string[]
}

/** A fresh context (its own sessionStorage) at the host's URL, light or dark. */
export async function openApp(browser: Browser, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenedPage> {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    // Chromium logs every 4xx answer; an API call's coded error (409 BUSY/CANCELLED, 422 MIGRATION_FAILED…) is an
    // expected outcome the page shows as a banner, which the tests check. Anything else is a problem.
    const apiCall = message.location().url.includes('/api/')
    if (apiCall && /status of 4\d\d/.test(message.text())) return
    problems.push(`console: ${message.text()} (${message.location().url})`)
  })
  await page.goto(url)
  return { context, page, problems }
}

/**
 * Saves a screenshot of the page or of one element under test-results/screenshots/, after axe has found no
 * violation on the whole page in light and dark mode: every screen the README pictures is an audited one.
 */
export async function screenshot(target: Page | ReturnType<Page['locator']>, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await expectAccessible('mouse' in target ? target : target.page(), `the screen pictured as ${name}`)
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  if (options.fullPage && 'mouse' in target) {
    // A full-page capture draws sticky elements where the scroll left them: pin the header to the top for it.
    const pin = await target.addStyleTag({ content: '.topbar, .progress-panel { position: static !important; }' })
    await target.locator('html').evaluate((html) => html.ownerDocument.defaultView?.scrollTo(0, 0))
    await target.screenshot({ path: file, animations: 'disabled', fullPage: true })
    await pin.evaluate((style) => style.remove())
    return file
  }
  await target.screenshot({ path: file, animations: 'disabled' })
  return file
}
