import os from 'node:os'
import path from 'node:path'

/** The variable that puts the web host's remembered state (recent stores, the `npm start` demo) elsewhere. */
export const STATE_DIR_VARIABLE = 'MERIDIAN_ADMIN_STATE_DIR'

/**
 * Where the web host keeps what it remembers between runs: MERIDIAN_ADMIN_STATE_DIR when set; otherwise the
 * platform's place for an application's own state (XDG_STATE_HOME or ~/.local/state on Linux, Application Support
 * on macOS, LOCALAPPDATA on Windows), in a `meridian-admin` folder.
 */
export function webStateFolder(variables: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  const fixed = variables[STATE_DIR_VARIABLE]?.trim()
  if (fixed) return path.resolve(fixed)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'meridian-admin')
  if (platform === 'win32') return path.join(variables.LOCALAPPDATA?.trim() || path.join(home, 'AppData', 'Local'), 'meridian-admin')
  const stateHome = variables.XDG_STATE_HOME?.trim()
  return path.join(stateHome && path.isAbsolute(stateHome) ? stateHome : path.join(home, '.local', 'state'), 'meridian-admin')
}
