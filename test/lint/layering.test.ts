import path from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const REPO = path.resolve(import.meta.dirname, '../..')
const RULE = 'layering/allowed-imports'

let eslint: ESLint

/**
 * The layering refusals lint gives `code` as if it were the file at `filePath` (relative to the checkout). The
 * file need not exist: ESLint picks the config by path, and the rule resolves imports by path only.
 */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const results = await eslint.lintText(code, { filePath: path.join(REPO, filePath) })
  return results.flatMap((result) => result.messages.filter((message) => message.ruleId === RULE).map((message) => message.message))
}

beforeAll(() => {
  eslint = new ESLint({ cwd: REPO })
})

describe('layering: each layer imports only what eslint.config.js lists for it', () => {
  it('refuses the engine importing the web host', async () => {
    const found = await refusals('src/main/engine/operations/probe.ts', "export { serveMain } from '../../web/serve.ts'\n")
    expect(found).toEqual([expect.stringContaining('The engine layer may not import src/main/web/serve.ts')])
  })

  it('refuses the engine importing the API layer', async () => {
    const found = await refusals('src/main/engine/probe.ts', "export { createDispatch } from '../api/dispatch.ts'\n")
    expect(found).toEqual([expect.stringContaining('The engine layer may not import src/main/api/dispatch.ts')])
  })

  it('refuses an engine file importing the engine door, which would make a cycle', async () => {
    const found = await refusals('src/main/engine/operations/probe.ts', "export { MeridianStore } from '../index.ts'\n")
    expect(found).toEqual([expect.stringContaining('The engine layer may not import src/main/engine/index.ts')])
  })

  it('refuses the API layer importing the CLI', async () => {
    const found = await refusals('src/main/api/probe.ts', "export { main } from '../cli/main.ts'\n")
    expect(found).toEqual([expect.stringContaining('The api layer may not import src/main/cli/main.ts')])
  })

  it("refuses the API layer importing the renderer's App.tsx", async () => {
    const found = await refusals('src/main/api/probe.ts', "export { default } from '../../renderer/src/App.tsx'\n")
    expect(found).toEqual([expect.stringContaining('The api layer may not import src/renderer/src/App.tsx')])
  })

  it('refuses src/shared importing zustand', async () => {
    const found = await refusals('src/shared/probe.ts', "export { create } from 'zustand'\n")
    expect(found).toEqual([expect.stringContaining("The shared layer may not import the package 'zustand'")])
  })

  it('refuses src/shared importing Node built-ins, with or without the node: prefix', async () => {
    const found = await refusals('src/shared/probe.ts', "export { readFileSync } from 'node:fs'\nexport { join } from 'path'\n")
    expect(found).toEqual([
      expect.stringContaining("The shared layer may not import the package 'node:fs'"),
      expect.stringContaining("The shared layer may not import the package 'path'")
    ])
  })

  it('refuses the renderer importing the engine, even through its door', async () => {
    const found = await refusals('src/renderer/src/probe.ts', "export { MeridianStore } from '../../main/engine/index.ts'\n")
    expect(found).toEqual([expect.stringContaining('The renderer layer may not import src/main/engine/index.ts')])
  })

  it('refuses the CLI importing electron', async () => {
    const found = await refusals('src/main/cli/commands/probe.ts', "export { app } from 'electron'\n")
    expect(found).toEqual([expect.stringContaining("The cli layer may not import the package 'electron'")])
  })

  it('refuses a host reaching past the engine door, however the import is written', async () => {
    const code = [
      "import { MeridianStore } from '../engine/store/store.ts'",
      "export * from '../engine/support/logger.ts'",
      "export type Opened = import('../engine/store/store-opener.ts').OpenedDb",
      "export const load = () => import('../engine/migration/set/load-migration-set.ts')",
      'export { MeridianStore }',
      ''
    ].join('\n')
    const found = await refusals('src/main/web/probe.ts', code)
    expect(found).toEqual(
      ['store/store.ts', 'support/logger.ts', 'store/store-opener.ts', 'migration/set/load-migration-set.ts'].map((file) =>
        expect.stringContaining(`The web layer reaches past the engine door: import src/main/engine/index.ts, not src/main/engine/${file}`)
      )
    )
  })

  it('allows the CLI to import the engine through its door', async () => {
    expect(await refusals('src/main/cli/probe.ts', "export { MigrationManager } from '../engine/index.ts'\n")).toEqual([])
  })

  it('allows the renderer to import src/shared', async () => {
    expect(await refusals('src/renderer/src/stores/probe.ts', "export { MeridianError } from '../../../shared/errors.ts'\n")).toEqual([])
  })

  it('allows a layer its listed packages with their subpaths, and the engine its own files', async () => {
    expect(await refusals('src/renderer/src/probe.ts', "export { createRoot } from 'react-dom/client'\n")).toEqual([])
    expect(
      await refusals('src/main/engine/store/probe.ts', "export { ClassicLevel } from 'classic-level'\nexport { MeridianStore } from './store.ts'\n")
    ).toEqual([])
  })
})
