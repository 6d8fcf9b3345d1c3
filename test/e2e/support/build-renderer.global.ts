import { spawnSync } from 'node:child_process'
import path from 'node:path'

/** The e2e tests serve out/renderer: build it once, fresh, so they never test a stale bundle. */
export default function setup(): void {
  const repo = path.resolve(import.meta.dirname, '../../..')
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: repo, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`electron-vite build failed before the e2e tests:\n${result.stdout}\n${result.stderr}`)
}
