import { join } from 'node:path'
import { app, BrowserWindow, dialog, Menu, powerSaveBlocker, protocol, screen, session as electronSession, shell } from 'electron'
import { toErrorShape } from '../shared/errors.ts'
import { createApiHandlers } from './api/api.handlers.ts'
import { createDispatch } from './api/dispatch.ts'
import type { StoreSession } from './api/store-session.ts'
import { loadMigrationRegistry } from './engine/index.ts'
import { aboutPanelOptions, APP_ID, installAboutPanel, readAppIdentity } from './electron/about-panel.ts'
import { installAppMenu } from './electron/app-menu.ts'
import { rendererUrl } from './electron/app-location.ts'
import { APP_SCHEME_PRIVILEGES, serveAppProtocol } from './electron/app-protocol.ts'
import { openDesktopSession } from './electron/desktop-session.ts'
import { registerApiIpc } from './electron/ipc.ts'
import { folderPicker } from './electron/folder-picker.ts'
import { createMainLog, LogFile, mirrorConsole } from './electron/log-file.ts'
import { openMainWindow } from './electron/main-window.ts'
import { showOperationProgress } from './electron/operation-indicators.ts'
import { denyAllPermissions } from './electron/permissions.ts'
import { guardQuit } from './electron/quit-guard.ts'
import { openReadme } from './electron/readme-link.ts'
import { installSecurityRestrictions } from './electron/security-restrictions.ts'
import { claimSingleInstance } from './electron/single-instance.ts'
import { createStoreActions } from './electron/store-actions.ts'
import { migrationsArgument } from './electron/store-choice.ts'
import { StoreMemory } from './api/store-memory.ts'
import { buildWebPreferences } from './electron/web-preferences.ts'

// The entry only wires: each concern is a module of ./electron/ taking the Electron objects it uses, and has its
// wiring test under plain Node (test/main/electron/*.wiring.test.ts).

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const outDir = join(import.meta.dirname, '..')
// The dev server's URL counts only in a development build: a built app, packaged or not, loads app://meridian/.
const appUrl = rendererUrl(process.env.ELECTRON_RENDERER_URL, import.meta.env.DEV)
// Before `ready`, as Electron requires: the app's pages get an origin of their own instead of file://.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
const identity = readAppIdentity(join(app.getAppPath(), 'package.json'))
const log = createMainLog(new LogFile(join(app.getPath('logs'), 'main.log')))
mirrorConsole(console, log)

let session: StoreSession | undefined
let mainWindow: BrowserWindow | undefined
const actions = createStoreActions(() => session, dialog, log)
const quitGuard = guardQuit(app, dialog, () => session, log)

const chooseDirectory = folderPicker(dialog, () => BrowserWindow.getFocusedWindow() ?? mainWindow)

async function createWindow(): Promise<void> {
  mainWindow = await openMainWindow({
    create: (placement) =>
      new BrowserWindow({ ...placement, show: false, title: identity.productName, webPreferences: buildWebPreferences(join(outDir, 'preload', 'index.cjs')) }),
    screen,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    url: appUrl.href,
    quitGuard,
    dialog,
    quit: () => app.quit(),
    log
  })
  mainWindow.on('closed', () => (mainWindow = undefined))
}

async function start(): Promise<void> {
  log.info(`${identity.productName} ${identity.version} starting (Electron ${process.versions.electron ?? '?'}; log ${log.file ?? 'none'})`)
  denyAllPermissions(electronSession.defaultSession, (permission) => log.warn(`Denied a request for the ${permission} permission`))
  installAboutPanel(app, aboutPanelOptions(identity, process.versions.electron ?? 'unknown', log.file))
  const memory = await StoreMemory.load(join(app.getPath('userData'), 'recent-stores.json'))
  const refreshMenu = installAppMenu(
    Menu,
    {
      openDirectory: () => void actions.chooseAndOpen(),
      openRecent: (dataDir) => void actions.open(dataDir),
      closeStore: () => void actions.close(),
      recent: () => memory.list(),
      openReadme: () => openReadme(app.getAppPath(), { shell, dialog, log }),
      showAbout: () => app.showAboutPanel(),
      quit: () => app.quit()
    },
    process.platform,
    identity.productName
  )
  memory.onChange(refreshMenu)
  // `--migrations DIR` (e.g. `npm start -- --migrations examples/migrations/spec-refs`): one that does not load
  // stops the start with its MIGRATION_SET_INVALID, below, rather than serving a store with other migrations.
  const registry = await loadMigrationRegistry(migrationsArgument(process.argv))
  session = await openDesktopSession({
    argv: process.argv,
    env: process.env,
    memory,
    registry,
    userData: app.getPath('userData'),
    chooseDirectory,
    dialog,
    log
  })
  registerApiIpc(createDispatch(createApiHandlers(session)), session.events, appUrl)
  showOperationProgress(session, () => mainWindow, powerSaveBlocker)
  serveAppProtocol(protocol, join(outDir, 'renderer'))
  await createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow()
  })
}

// A second launch hands its arguments to this one (which opens the store it names) and quits at once: it never
// reaches the store, so it never meets DATABASE_LOCKED nor opens a window on the demo store.
if (!claimSingleInstance(app, { window: () => mainWindow, openStore: (dataDir) => actions.open(dataDir) })) {
  app.quit()
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
  installSecurityRestrictions(app, appUrl)
  void app.whenReady().then(() =>
    start().catch((error: unknown) => {
      // Not even the demo store could be opened (a full disk, an unwritable user-data folder): say so and stop.
      const shape = toErrorShape(error)
      log.error(`Cannot start: ${shape.message} [${shape.code}]${error instanceof Error && error.stack ? `\n${error.stack}` : ''}`)
      dialog.showErrorBox('Meridian Admin cannot start', `${shape.message} [${shape.code}]`)
      app.exit(1)
    })
  )
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
