#!/usr/bin/env node
// `npm run serve -- --data-dir DIR [--port P] [--backup-dir D] [--demo]`: Meridian Admin in a browser.
// Runs the compiled entry (lib/serve.js, see compiled.js); builds the renderer first when it is missing.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { importCompiled } from './compiled.js'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const rendererDir = path.join(repo, 'out', 'renderer')

/** Builds out/ with electron-vite; its output goes to stderr so stdout keeps only the URL line. */
export function buildIfMissing(required) {
  if (required.every((file) => existsSync(path.join(repo, file)))) return
  process.stderr.write('Building the app first (npx electron-vite build)…\n')
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: repo, stdio: ['ignore', 2, 2] })
  if (result.status !== 0) {
    process.stderr.write('✗ The build failed; see the output above.\n')
    process.exit(1)
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  buildIfMissing(['out/renderer/index.html'])
  const { serveMain } = await importCompiled('serve')
  process.exitCode = await serveMain(process.argv.slice(2), { rendererDir })
}
