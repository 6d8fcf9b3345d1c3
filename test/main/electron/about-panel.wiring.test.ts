import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { aboutPanelOptions, installAboutPanel, readAppIdentity } from '../../../src/main/electron/about-panel.ts'
import { StandInApp } from './stand-ins.ts'

const REPO = path.resolve(import.meta.dirname, '../../..')

describe('the About panel (wiring)', () => {
  it("shows the product name and the version of the app's package.json, and where the log is", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }
    const identity = readAppIdentity(path.join(REPO, 'package.json'))
    expect(identity).toEqual({ productName: 'Meridian Admin', version: manifest.version })
    const app = new StandInApp()
    installAboutPanel(app, aboutPanelOptions(identity, '45.5.0', '/home/ana/.config/Meridian Admin/logs/main.log'))
    expect(app.aboutPanelOptions).toEqual([
      expect.objectContaining({
        applicationName: 'Meridian Admin',
        applicationVersion: manifest.version,
        version: 'Electron 45.5.0',
        credits: 'Log: /home/ana/.config/Meridian Admin/logs/main.log'
      })
    ])
  })
})
