import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, dialog } from 'electron'
import { toErrorShape } from '../shared/errors.ts'
import { createApiHandlers } from './api/api.handlers.ts'
import { createDispatch } from './api/dispatch.ts'
import { StoreSession } from './api/store-session.ts'
import { createDemoStore } from './engine/demo-store.ts'
import { loadMigrationRegistry } from './engine/migration-set/load-migration-set.ts'
import type { MigrationRegistry } from './engine/registry.ts'
import { rendererUrl } from './electron/app-location.ts'
import { registerApiIpc } from './electron/ipc.ts'
import { installSecurityRestrictions } from './electron/security-restrictions.ts'
import { chooseInitialStore, migrationsArgument } from './electron/store-choice.ts'
import { StoreMemory } from './electron/store-memory.ts'
import { buildWebPreferences } from './electron/web-preferences.ts'

const DEMO_TASKS = 2_000

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const outDir = join(import.meta.dirname, '..')
const appUrl = rendererUrl(
  app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  join(outDir, 'renderer', 'index.html'),
)

installSecurityRestrictions(appUrl)

const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

/** The demo store in the user-data folder, created on first run so the app shows something real at once. */
async function demoStore(): Promise<string> {
  const dataDir = join(app.getPath('userData'), 'demo-store')
  if (!existsSync(join(dataDir, 'CURRENT'))) {
    await createDemoStore(dataDir, { count: DEMO_TASKS, version: 1 })
    log(`Created a demo store with ${DEMO_TASKS} v1 tasks in ${dataDir}`)
  }
  return dataDir
}

/** Opens the store chosen at start; when it cannot be opened, says why and falls back to the demo store. */
async function openSession(memory: StoreMemory, registry: MigrationRegistry): Promise<StoreSession> {
  const desktop = {
    recent: memory,
    async chooseDirectory() {
      const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
      const options = { title: 'Open a Meridian data directory', properties: ['openDirectory' as const] }
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
  const logger = { info: log, warn: log, error: log }
  const choice = chooseInitialStore(process.argv, process.env, memory.last())
  if (choice.dataDir !== undefined) {
    try {
      const session = await StoreSession.open({ dataDir: choice.dataDir, desktop, logger, registry })
      await memory.remember(session.store.dataDir)
      log(`Opened ${session.store.dataDir} (from ${choice.source})`)
      return session
    } catch (error) {
      const shape = toErrorShape(error)
      dialog.showErrorBox('Meridian Admin could not open the store', `${shape.message} [${shape.code}]\n\nShowing the demo store instead.`)
    }
  }
  return StoreSession.open({ dataDir: await demoStore(), desktop, logger, registry })
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    show: false,
    title: 'Meridian Admin',
    webPreferences: buildWebPreferences(join(outDir, 'preload', 'index.cjs')),
  })
  window.once('ready-to-show', () => window.show())
  window.loadURL(appUrl.href).catch((error: unknown) => console.error('Could not load the renderer:', error))
}

let session: StoreSession | undefined
let closed = false

async function start(): Promise<void> {
  const memory = await StoreMemory.load(join(app.getPath('userData'), 'recent-stores.json'))
  // `--migrations DIR` (e.g. `npm start -- --migrations examples/migrations/spec-refs`): one that does not load
  // stops the start with its MIGRATION_SET_INVALID, below, rather than serving a store with other migrations.
  const registry = await loadMigrationRegistry(migrationsArgument(process.argv))
  session = await openSession(memory, registry)
  registerApiIpc(createDispatch(createApiHandlers(session)), session.events, appUrl)
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

void app.whenReady().then(() =>
  start().catch((error: unknown) => {
    // Not even the demo store could be opened (a full disk, an unwritable user-data folder): say so and stop.
    const shape = toErrorShape(error)
    console.error(error)
    dialog.showErrorBox('Meridian Admin cannot start', `${shape.message} [${shape.code}]`)
    app.exit(1)
  }),
)

// Quitting cancels a running operation (the store is put back) and closes the store before the process ends.
app.on('before-quit', (event) => {
  if (closed || !session) return
  event.preventDefault()
  closed = true
  void session
    .close()
    .catch((error: unknown) => console.error('Could not close the store cleanly:', error))
    .finally(() => app.quit())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
