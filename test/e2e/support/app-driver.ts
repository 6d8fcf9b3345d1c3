import { expect } from 'vitest'
import type { Locator, Page } from 'playwright-core'

export interface ProgressSample {
  phase: string
  now: number
  max: number
  /** The overall bar's percent of the whole operation (null when the operation has one phase). */
  overallPercent: number | null
}

/** What the tests read and do on the page, by role and accessible name, as a keyboard or screen-reader user would. */
export class AppDriver {
  constructor(readonly page: Page) {}

  region(name: string | RegExp): Locator {
    return this.page.getByRole('region', { name })
  }

  get storeHeader(): Locator {
    return this.page.getByRole('region', { name: 'Data directory' })
  }
  get plan(): Locator {
    return this.region('Migration plan')
  }
  get history(): Locator {
    return this.region('History')
  }
  get backups(): Locator {
    return this.region('Backups')
  }
  get records(): Locator {
    return this.region('Records')
  }
  /** The bar of the phase running now (a migration's backup, then its migration). */
  get progressbar(): Locator {
    return this.page.getByTestId('phase-progress')
  }
  get alerts(): Locator {
    return this.page.getByRole('alert')
  }

  async versions(): Promise<{ current: string; target: string; state: string }> {
    return {
      current: (await this.page.getByTestId('current-version').innerText()).trim(),
      target: (await this.page.getByTestId('target-version').innerText()).trim(),
      state: (await this.page.getByTestId('store-state').innerText()).replace(/^\W+/, '').trim()
    }
  }

  /** Waits until the header shows this current version and state. */
  async expectVersion(current: string, state: string, timeout = 30_000): Promise<void> {
    await expect
      .poll(
        async () =>
          this.versions()
            .then((v) => `${v.current} ${v.state}`)
            .catch(() => ''),
        { timeout }
      )
      .toBe(`${current} ${state}`)
  }

  /** The timeline's statuses, newest first. */
  async historyStatuses(): Promise<string[]> {
    return this.history.locator('li[data-status]').evaluateAll((items) => items.map((item) => item.getAttribute('data-status') ?? ''))
  }

  async backupIds(): Promise<string[]> {
    return this.backups.locator('tr[data-backup-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-backup-id') ?? ''))
  }

  backupRow(id: string): Locator {
    return this.backups.locator(`tr[data-backup-id="${id}"]`)
  }

  /** No operation running: the progress bar is gone and Refresh is enabled again. */
  async waitIdle(timeout = 60_000): Promise<void> {
    await this.progressbar.waitFor({ state: 'detached', timeout })
    await expect.poll(() => this.page.getByRole('button', { name: 'Refresh' }).isEnabled(), { timeout }).toBe(true)
  }

  /**
   * Samples the progress bar until it disappears: every distinct (phase, aria-valuenow) pair seen, read through
   * the accessibility attributes a screen reader uses.
   */
  async sampleProgress(onSample?: (sample: ProgressSample) => Promise<void>, timeout = 120_000): Promise<ProgressSample[]> {
    const seen: ProgressSample[] = []
    const deadline = Date.now() + timeout
    await this.progressbar.waitFor({ state: 'visible', timeout: 30_000 })
    while (Date.now() < deadline) {
      const sample = await this.progressbar
        .evaluate(
          (bar) => {
            const overall = bar.ownerDocument.querySelector('[data-testid="overall-progress"]')
            const overallMax = Number(overall?.getAttribute('aria-valuemax'))
            return {
              now: Number(bar.getAttribute('aria-valuenow')),
              max: Number(bar.getAttribute('aria-valuemax')),
              text: bar.getAttribute('aria-valuetext') ?? '',
              overallPercent: overall && overallMax > 0 ? (Number(overall.getAttribute('aria-valuenow')) / overallMax) * 100 : null
            }
          },
          undefined,
          { timeout: 1_000 }
        )
        .catch(() => null)
      if (sample === null) {
        if ((await this.progressbar.count()) === 0) break
        continue
      }
      const phase = sample.text.split(':')[0] ?? ''
      const last = seen.at(-1)
      if (!last || last.phase !== phase || last.now !== sample.now) {
        const entry = { phase, now: sample.now, max: sample.max, overallPercent: sample.overallPercent }
        seen.push(entry)
        await onSample?.(entry)
      }
      await this.page.waitForTimeout(25)
    }
    return seen
  }
}
