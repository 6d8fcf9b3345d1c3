import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkElectronLaunch, type LaunchProbe, systemLaunchProbe } from '../../../src/main/electron/electron-availability.ts'

const dir = '/repo/node_modules/electron'
const probe = (overrides: Partial<LaunchProbe> & { files?: Record<string, string> } = {}): LaunchProbe => {
  const files = overrides.files ?? { [path.join(dir, 'path.txt')]: 'electron', [path.join(dir, 'dist', 'electron')]: '' }
  return {
    platform: 'linux',
    env: { DISPLAY: ':0' },
    electronPackageDir: dir,
    exists: (file) => file in files,
    readText: (file) => files[file] ?? null,
    ...overrides
  }
}

describe('whether npm start can launch Electron', () => {
  it('launches the binary path.txt names when it exists and a display is set', () => {
    expect(checkElectronLaunch(probe())).toEqual({ ok: true, executable: path.join(dir, 'dist', 'electron') })
    expect(checkElectronLaunch(probe({ env: { WAYLAND_DISPLAY: 'wayland-0' } }))).toMatchObject({ ok: true })
    expect(checkElectronLaunch(probe({ platform: 'darwin', env: {} }))).toMatchObject({ ok: true })
  })

  it('says why not when the package, path.txt or the binary is missing', () => {
    expect(checkElectronLaunch(probe({ electronPackageDir: null }))).toMatchObject({ ok: false, reason: expect.stringContaining('not installed') })
    expect(checkElectronLaunch(probe({ files: {} }))).toMatchObject({ ok: false, reason: expect.stringContaining('path.txt') })
    expect(checkElectronLaunch(probe({ files: { [path.join(dir, 'path.txt')]: 'electron' } }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining(path.join(dir, 'dist', 'electron'))
    })
  })

  it('says why not on Linux without a display', () => {
    expect(checkElectronLaunch(probe({ env: {} }))).toEqual({ ok: false, reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' })
  })

  it('finds the electron package here without loading it', () => {
    const system = systemLaunchProbe(path.resolve(import.meta.dirname, '../../..'))
    expect(system.electronPackageDir).toMatch(/node_modules[/\\]electron$/)
    // In this environment the binary was never downloaded: the check must say so, not try to download it.
    const launch = checkElectronLaunch(system)
    if (!launch.ok) expect(launch.reason.length).toBeGreaterThan(10)
  })
})
