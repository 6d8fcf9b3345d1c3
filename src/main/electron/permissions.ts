/** What denying permissions needs of an Electron `Session` (the default one: the app uses no other). */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void
}

/**
 * Electron's security checklist, item 5: the app asks for no permission (no camera, microphone, notifications,
 * geolocation, clipboard reads, MIDI…), so every request is denied and every check answers false. `onDenied`
 * hears each denied request (the log), so a renderer that wants one is noticed.
 */
export function denyAllPermissions(session: PermissionSession, onDenied: (permission: string) => void = () => undefined): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    onDenied(permission)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
}
