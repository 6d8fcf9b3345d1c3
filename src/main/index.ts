import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import { rendererUrl } from './electron/app-location.ts'
import { installSecurityRestrictions } from './electron/security-restrictions.ts'
import { buildWebPreferences } from './electron/web-preferences.ts'

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const outDir = join(import.meta.dirname, '..')
const appUrl = rendererUrl(
  app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  join(outDir, 'renderer', 'index.html'),
)

installSecurityRestrictions(appUrl)

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    show: false,
    title: 'Meridian Admin',
    webPreferences: buildWebPreferences(join(outDir, 'preload', 'index.cjs')),
  })
  window.once('ready-to-show', () => window.show())
  window.loadURL(appUrl.href).catch((error: unknown) => console.error('Could not load the renderer:', error))
}

void app.whenReady().then(() => {
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
