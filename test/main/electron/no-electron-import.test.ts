import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** Every module `entry` loads through relative imports, with the packages each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  const visit = (file: string): void => {
    if (graph.has(file)) return
    const source = readFileSync(file, 'utf8')
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map(
      (match) => (match[1] ?? match[2]) as string
    )
    graph.set(
      file,
      specifiers.filter((specifier) => !specifier.startsWith('.'))
    )
    for (const specifier of specifiers.filter((s) => s.startsWith('.'))) visit(path.resolve(path.dirname(file), specifier))
  }
  visit(path.join(REPO, entry))
  return graph
}

// Under plain Node, loading `electron` tries to download its binary: the web host, `npm start`'s fallback and
// every module unit-tested here must never reach it, directly or through another module.
const ELECTRON_FREE = [
  'src/main/web/serve.ts',
  'src/main/web/web-host.ts',
  'src/main/api/api.handlers.ts',
  'src/main/api/dispatch.ts',
  'src/main/electron/sender-validation.ts',
  'src/main/electron/store-choice.ts',
  'src/main/api/store-memory.ts',
  'src/main/electron/electron-availability.ts',
  // The shell's concerns take the Electron objects they use as parameters: their wiring tests run under Node.
  'src/main/electron/about-panel.ts',
  'src/main/electron/app-location.ts',
  'src/main/electron/app-menu.ts',
  'src/main/electron/app-protocol.ts',
  'src/main/electron/desktop-session.ts',
  'src/main/electron/folder-picker.ts',
  'src/main/electron/log-file.ts',
  'src/main/electron/main-window.ts',
  'src/main/electron/operation-indicators.ts',
  'src/main/electron/permissions.ts',
  'src/main/electron/quit-guard.ts',
  'src/main/electron/readme-link.ts',
  'src/main/electron/render-process-gone.ts',
  'src/main/electron/security-restrictions.ts',
  'src/main/electron/single-instance.ts',
  'src/main/electron/store-actions.ts',
  'src/main/electron/window-state.ts',
  'src/preload/api-bridge.ts',
  'bin/meridian-serve.js',
  'bin/meridian-start.js'
]

describe('modules that must run without Electron', () => {
  for (const entry of ELECTRON_FREE) {
    it(`${entry} never imports electron`, () => {
      const offenders = [...importGraph(entry)].filter(([, packages]) => packages.some((name) => name === 'electron' || name.startsWith('electron/')))
      expect(offenders.map(([file]) => path.relative(REPO, file))).toEqual([])
    })
  }

  it('the scan does see electron where it is imported', () => {
    const graph = importGraph('src/main/electron/ipc.ts')
    expect(graph.get(path.join(REPO, 'src/main/electron/ipc.ts'))).toContain('electron')
  })
})
