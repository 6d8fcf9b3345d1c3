import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

// axe-core, the accessibility engine browsers' own audits use, evaluated in the page under test (from node_modules,
// never fetched; evaluated rather than added as a <script>, which the app's CSP rightly refuses) and run on the
// whole document.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeNode {
  target: unknown[]
  failureSummary?: string
}
interface AxeViolation {
  id: string
  help: string
  nodes: AxeNode[]
}

/** Every WCAG 2.1 A/AA violation axe finds on the page as it is now, one line each, naming rule and elements. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    // Runs in the page: its globals, typed here by hand (this project's Node side has no DOM types).
    const page = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: unknown[] }> } }
    const result = await page.axe.run(page.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations']
    })
    return result.violations
  })
  return (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.id} (${violation.help}): ${violation.nodes
        .slice(0, 5)
        .map((node) => `${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`)
        .join('; ')}${violation.nodes.length > 5 ? `; and ${violation.nodes.length - 5} more` : ''}`
  )
}

/** axe on the page as it is, in light and then dark: zero violations in both (the page is left in the scheme it had). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { expect } = await import('vitest')
  const wasDark = await page.evaluate(
    () => (globalThis as unknown as { matchMedia(query: string): { matches: boolean } }).matchMedia('(prefers-color-scheme: dark)').matches
  )
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    expect(await accessibilityViolations(page), `${what} (${colorScheme})`).toEqual([])
  }
  await page.emulateMedia({ colorScheme: wasDark ? 'dark' : 'light' })
}
