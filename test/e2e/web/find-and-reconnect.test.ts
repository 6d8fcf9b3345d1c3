import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe.ts'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { demoStore, type TempStore } from '../support/stores.ts'
import { rawCall, startWebHost, type WebHost } from '../support/web-host.ts'

const session = useE2eSession()

describe('web host, finding any record on a 100k-task store', () => {
  // Made once for the file: 100,000 tasks take a while to write, and the jump only reads.
  let big: TempStore
  let host: WebHost
  beforeAll(async () => {
    big = await demoStore(100_000, 'big')
    host = await startWebHost(big.dataDir)
  }, 180_000)
  afterAll(async () => {
    await host?.stop()
    await big?.remove()
  })

  it('jumps to a key, filters by key, version and "invalid", and copies a key with a confirmation', async () => {
    const { page, app, context, problems } = await session.open(host.url)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin })
    await app.expectVersion('v1', 'Migration needed', 60_000)
    const list = app.records.getByRole('listbox')
    await expect.poll(() => list.getByRole('option').count(), { timeout: 30_000 }).toBe(25)

    // The first key at or after the one typed, as the host itself answers it (the prefix is added when left out).
    // Half-way down the store, so the page it lands on cannot be mistaken for the first one.
    const expected = (await rawCall(host, 'store.records', JSON.stringify({ prefix: 'task:', from: 'task:task-050000', limit: 1 }))).json as {
      value: { records: Array<{ key: string }> }
    }
    const target = expected.value.records[0]?.key ?? ''
    expect(target).toMatch(/^task:task-050000/)
    const jump = app.records.getByRole('search', { name: 'Go to a key' })
    await jump.getByRole('textbox', { name: 'Go to key' }).fill('task-050000')
    await jump.getByRole('button', { name: 'Go' }).click()
    await expect.poll(() => list.getByRole('option').first().innerText(), { timeout: 30_000 }).toContain(target)
    await expect.poll(() => app.records.innerText()).toContain('From task:task-050000')
    // Previous and Next page from there by cursor.
    await app.records.getByRole('button', { name: 'Next →' }).click()
    await expect.poll(() => list.getByRole('option').first().innerText()).not.toContain(target)
    await app.records.getByRole('button', { name: '← Previous' }).click()
    await expect.poll(() => list.getByRole('option').first().innerText()).toContain(target)

    // Copy the selected key: the clipboard holds it, and the page says so.
    await app.records.getByRole('button', { name: 'Copy key' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => app.records.getByRole('status').filter({ hasText: 'Key copied' }).count()).toBe(1)
    expect(
      await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())
    ).toBe(target)

    // A key filter: only keys holding the text; an "invalid" filter on a clean store reads on and finds none.
    const filter = app.records.getByRole('search', { name: 'Filter records' })
    await filter.getByRole('textbox', { name: 'Key contains' }).fill('99')
    await filter.getByRole('button', { name: 'Filter', exact: true }).click()
    await expect
      .poll(async () => (await list.getByRole('option').allInnerTexts()).every((text) => text.includes('99')) && (await list.getByRole('option').count()) > 0, {
        timeout: 30_000
      })
      .toBe(true)
    await filter.getByRole('textbox', { name: 'Key contains' }).fill('')
    await filter.getByRole('combobox', { name: 'Version' }).selectOption('invalid')
    await filter.getByRole('button', { name: 'Filter', exact: true }).click()
    await expect.poll(() => app.records.innerText(), { timeout: 30_000 }).toMatch(/stopped scanning after 20,000 records without filling the page/)
    await screenshot(app.records, 'records-find-light')
    await expectAccessible(page, 'records found')
    expect(problems).toEqual([])
  }, 120_000)
})

describe('web host, honest state', () => {
  it('a reload during a migration re-attaches to its own run with Cancel; cancelled, history says so and the store is back at v1', async () => {
    const { host } = await session.serve(60_000)
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v1', 'Migration needed', 60_000)
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    await expect
      .poll(async () => ((await app.progressbar.getAttribute('aria-valuetext').catch(() => null)) ?? '').startsWith('Migrating'), {
        timeout: 60_000,
        interval: 20
      })
      .toBe(true)

    await page.reload()
    // Its own run, not "Another window's", with Cancel.
    const region = page.getByRole('region', { name: /Your migration/ })
    await region.waitFor({ timeout: 30_000 })
    expect(await page.getByRole('region', { name: /Another window/ }).count()).toBe(0)
    await expectAccessible(page, 'a re-attached run')
    await region.getByRole('button', { name: 'Cancel' }).click()
    await app.waitIdle(60_000)
    await expect.poll(() => app.historyStatuses(), { timeout: 30_000 }).toEqual(['cancelled'])
    await app.expectVersion('v1', 'Migration needed')
    expect(await app.plan.getByRole('button', { name: 'Migrate…' }).isEnabled()).toBe(true)
    expect(problems, host.stderr()).toEqual([])
  }, 180_000)

  it('the host stopped: a persistent lost-connection alert and actions disabled; started again, it clears by itself', async () => {
    const store = await demoStore(300)
    const token = 'e2e-restart-'.padEnd(40, 'x')
    let host = await startWebHost(store.dataDir, undefined, { token })
    const port = Number(new URL(host.url).port)
    try {
      const { page, app } = await session.open(host.url)
      await app.expectVersion('v1', 'Migration needed')
      await host.stop()

      const banner = page.getByRole('alert', { name: 'Lost connection to the host' })
      await banner.waitFor({ timeout: 30_000 })
      expect(await banner.innerText()).not.toMatch(/IO_ERROR|disk/)
      expect(await page.getByRole('button', { name: 'Refresh' }).isDisabled()).toBe(true)
      expect(await app.backups.getByRole('button', { name: 'Back up now' }).isDisabled()).toBe(true)
      await screenshot(page, 'lost-connection-light')
      await expectAccessible(page, 'lost connection')

      host = await startWebHost(store.dataDir, undefined, { port, token })
      await banner.waitFor({ state: 'detached', timeout: 30_000 })
      await expect.poll(() => page.getByRole('button', { name: 'Refresh' }).isEnabled(), { timeout: 30_000 }).toBe(true)
      expect(await app.backups.getByRole('button', { name: 'Back up now' }).isEnabled()).toBe(true)
      await app.expectVersion('v1', 'Migration needed')
    } finally {
      await host.stop()
      await store.remove()
    }
  }, 120_000)
})
