import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** What deciding whether Electron can start needs to know; injectable, so it is unit-tested. */
export interface LaunchProbe {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  /** The electron package's folder (where its index.js is), or null when the package is not installed. */
  electronPackageDir: string | null
  exists(file: string): boolean
  readText(file: string): string | null
}

export type ElectronLaunch = { ok: true; executable: string } | { ok: false; reason: string }

/**
 * Whether the desktop app can start here, without loading the `electron` package (under plain Node its
 * index.js tries to download the binary): the binary that `path.txt` names must exist in `dist/`, and on Linux
 * a display must be set. The reason, when it cannot, is one sentence for the person who ran `npm start`.
 */
export function checkElectronLaunch(probe: LaunchProbe): ElectronLaunch {
  const dir = probe.electronPackageDir
  if (!dir) return { ok: false, reason: 'the electron package is not installed (run npm ci)' }
  const pathFile = path.join(dir, 'path.txt')
  const relative = probe.readText(pathFile)?.trim()
  if (!relative) return { ok: false, reason: `Electron's binary is not installed (${pathFile} is missing: its download was skipped or failed)` }
  const distDir = probe.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist')
  const executable = path.join(distDir, relative)
  if (!probe.exists(executable)) return { ok: false, reason: `Electron's binary is not installed (${executable} is missing)` }
  if (probe.platform === 'linux' && !probe.env.DISPLAY && !probe.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' }
  }
  return { ok: true, executable }
}

/** The probe of this machine, resolving `electron` from `fromDir` (never requiring it). */
export function systemLaunchProbe(fromDir: string): LaunchProbe {
  let electronPackageDir: string | null
  try {
    electronPackageDir = path.dirname(createRequire(path.join(fromDir, 'noop.js')).resolve('electron'))
  } catch {
    electronPackageDir = null
  }
  return {
    platform: process.platform,
    env: process.env,
    electronPackageDir,
    exists: existsSync,
    readText: (file) => {
      try {
        return readFileSync(file, 'utf8')
      } catch {
        return null
      }
    }
  }
}
