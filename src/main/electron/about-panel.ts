import { readFileSync } from 'node:fs'
import { z } from 'zod'

/** The name and version the About panel shows, read from the app's package.json. */
export interface AppIdentity {
  productName: string
  version: string
}

const manifestSchema = z.object({ version: z.string().min(1), productName: z.string().min(1).optional() })

export const PRODUCT_NAME = 'Meridian Admin'
/** The app id the installers are built with (electron-builder.yml) and, on Windows, the taskbar groups by. */
export const APP_ID = 'dev.meridian.admin'

/** The app's identity from its package.json (the one the packaged app carries too). */
export function readAppIdentity(packageJson: string): AppIdentity {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(packageJson, 'utf8')))
  return { productName: manifest.productName ?? PRODUCT_NAME, version: manifest.version }
}

export interface AboutPanelOptions {
  applicationName: string
  applicationVersion: string
  version: string
  copyright: string
  credits: string
}

/** What the About panel needs of Electron's `app`. */
export interface AboutApp {
  setAboutPanelOptions(options: AboutPanelOptions): void
  showAboutPanel(): void
}

/** The About panel's text: the name and version, and where the app's log is. */
export function aboutPanelOptions(identity: AppIdentity, electronVersion: string, logFile: string | undefined): AboutPanelOptions {
  return {
    applicationName: identity.productName,
    applicationVersion: identity.version,
    // macOS shows `version` in brackets after the application version: which Electron runs it.
    version: `Electron ${electronVersion}`,
    copyright: 'Schema versioning, migration and backup for Meridian’s embedded store',
    credits: logFile ? `Log: ${logFile}` : ''
  }
}

export function installAboutPanel(app: AboutApp, options: AboutPanelOptions): void {
  app.setAboutPanelOptions(options)
}
