import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'

// At 800 px wide (a laptop's half screen) every control is on screen: nothing scrolls sideways, no button is cut off.

const session = useE2eSession()

/** Elements wider than their box (scrolling sideways) and buttons reaching past the window's right edge. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          documentElement: { clientWidth: number }
          querySelectorAll(selector: string): ArrayLike<{
            scrollWidth: number
            clientWidth: number
            className: string
            tagName: string
            getAttribute(name: string): string | null
            textContent: string | null
            getBoundingClientRect(): { right: number; width: number }
          }>
        }
      }
    ).document
    const width = doc.documentElement.clientWidth
    const found: string[] = []
    for (const element of Array.from(doc.querySelectorAll('body, main, section, .table-scroll, table'))) {
      if (element.scrollWidth > element.clientWidth + 1)
        found.push(`${element.tagName.toLowerCase()}.${element.className} scrolls sideways (${element.scrollWidth} > ${element.clientWidth})`)
    }
    for (const button of Array.from(doc.querySelectorAll('button'))) {
      const box = button.getBoundingClientRect()
      if (box.width > 0 && box.right > width + 1)
        found.push(`button "${button.getAttribute('aria-label') ?? button.textContent}" ends at ${Math.round(box.right)} px of ${width}`)
    }
    return found
  })
}

describe('web host at 800 px wide', () => {
  it('shows every panel and every backup action without sideways scrolling, before and after a migration', async () => {
    const legacy = '_backup_20240101_120000'
    const raw = { [legacy]: JSON.stringify({ timestamp: '2024-01-01T12:00:00Z', prefix: 'task:', item_count: 0, keys: [] }) }
    const { host } = await session.serve(300, { raw })
    const { page, app, problems } = await session.open(host.url)
    await page.setViewportSize({ width: 800, height: 900 })
    await app.expectVersion('v1', 'Migration needed')
    await app.backupRow(legacy).waitFor({ timeout: 30_000 })
    await screenshot(page, 'narrow-800-before-light', { fullPage: true })
    expect(await overflowing(page)).toEqual([])

    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    await app.expectVersion('v3', 'Up to date', 60_000)
    await app.waitIdle()
    await screenshot(page, 'narrow-800-light', { fullPage: true })
    expect(await overflowing(page)).toEqual([])
    const [backupId = ''] = (await app.backupIds()).filter((id) => id !== legacy)
    for (const action of ['Browse', 'Verify', 'Restore', 'Delete']) await app.backups.getByRole('button', { name: `${action} ${backupId}` }).isVisible()
    expect(problems).toEqual([])
  })
})
