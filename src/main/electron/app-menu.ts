/** The roles the menu uses: Electron implements each (edit commands, zoom, window handling). */
export type MenuRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'close'
  | 'front'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'services'

/** One item of the application menu, in the shape `Menu.buildFromTemplate` takes. */
export interface AppMenuItem {
  label?: string
  role?: MenuRole
  type?: 'separator'
  accelerator?: string
  enabled?: boolean
  submenu?: AppMenuItem[]
  click?: () => void
}

/** What the menu's own items do. */
export interface MenuActions {
  openDirectory(): void
  openRecent(dataDir: string): void
  /** Lets the open store go (its lock released, so Meridian or the CLI can run), as the app's own Close store does. */
  closeStore(): void
  /** The stores opened before, most recent first. */
  recent(): readonly string[]
  openReadme(): void
  showAbout(): void
  quit(): void
}

/** How many stores File → Open Recent lists. */
export const RECENT_MENU_LENGTH = 8

const separator: AppMenuItem = { type: 'separator' }

/**
 * The application menu, instead of Electron's default (whose Help points at Electron): File with Open data
 * directory…, Open Recent, Close Store and Quit; Edit (the text fields' copy and paste need it on macOS); View; Help with the
 * README and About. On macOS the first menu is the app's own, holding About and Quit as the platform expects.
 */
export function appMenuTemplate(actions: MenuActions, platform: NodeJS.Platform, productName: string): AppMenuItem[] {
  const mac = platform === 'darwin'
  const recent = actions.recent().slice(0, RECENT_MENU_LENGTH)
  const quit: AppMenuItem = { label: mac ? `Quit ${productName}` : 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() }
  const about: AppMenuItem = { label: `About ${productName}`, click: () => actions.showAbout() }
  const file: AppMenuItem = {
    label: 'File',
    submenu: [
      { label: 'Open data directory…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDirectory() },
      {
        label: 'Open Recent',
        enabled: recent.length > 0,
        submenu:
          recent.length > 0
            ? recent.map((dataDir) => ({ label: dataDir, click: () => actions.openRecent(dataDir) }))
            : [{ label: 'No recent stores', enabled: false }]
      },
      { label: 'Close Store', accelerator: 'CmdOrCtrl+Shift+W', click: () => actions.closeStore() },
      ...(mac ? [separator, { label: 'Close Window', role: 'close' as const }] : [separator, quit])
    ]
  }
  const edit: AppMenuItem = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }]
  }
  const view: AppMenuItem = {
    label: 'View',
    submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }]
  }
  const help: AppMenuItem = {
    label: 'Help',
    submenu: [{ label: `${productName} README`, click: () => actions.openReadme() }, ...(mac ? [] : [separator, about])]
  }
  if (!mac) return [file, edit, view, help]
  const appMenu: AppMenuItem = {
    label: productName,
    submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, quit]
  }
  const windowMenu: AppMenuItem = { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'front' }] }
  return [appMenu, file, edit, view, windowMenu, help]
}

/** What installing the menu needs of Electron's `Menu`. */
export interface MenuApi<M> {
  buildFromTemplate(template: AppMenuItem[]): M
  setApplicationMenu(menu: M | null): void
}

/** Sets the application menu; returns the function that rebuilds it (after the recent stores change). */
export function installAppMenu<M>(menu: MenuApi<M>, actions: MenuActions, platform: NodeJS.Platform, productName: string): () => void {
  const apply = (): void => menu.setApplicationMenu(menu.buildFromTemplate(appMenuTemplate(actions, platform, productName)))
  apply()
  return apply
}
