import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '../../..')

export type ElectronAvailability = { ok: true; executablePath: string } | { ok: false; reason: string }

/**
 * Finds the Electron binary the way the `electron` package does (dist/ + path.txt), without requiring the package:
 * requiring it under plain Node would try to download the binary. Also needs a display on Linux.
 */
export function findElectron(env: NodeJS.ProcessEnv = process.env): ElectronAvailability {
  const packageDir = path.join(repo, 'node_modules', 'electron')
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist')
  if (!existsSync(distDir)) return { ok: false, reason: 'Electron binary not installed (node_modules/electron/dist missing)' }
  const pathFile = path.join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron'
  const executablePath = path.join(distDir, relative)
  if (!existsSync(executablePath)) return { ok: false, reason: `Electron binary not installed (${path.relative(repo, executablePath)} missing)` }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display to open a window on (DISPLAY and WAYLAND_DISPLAY unset)' }
  }
  return { ok: true, executablePath }
}
