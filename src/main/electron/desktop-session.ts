import { existsSync } from 'node:fs'
import path from 'node:path'
import { toErrorShape } from '../../shared/errors.ts'
import { type StoreChoice, StoreSession } from '../api/store-session.ts'
import { createDemoStore } from '../demo/demo-store.ts'
import type { Logger, MigrationRegistry } from '../engine/index.ts'
import type { ErrorDialog } from './store-actions.ts'
import { chooseInitialStore } from './store-choice.ts'
import type { StoreMemory } from '../api/store-memory.ts'

const DEMO_TASKS = 2_000

export interface DesktopSessionOptions {
  argv: readonly string[]
  env: Record<string, string | undefined>
  memory: StoreMemory
  registry: MigrationRegistry
  /** The user-data folder: the demo store lives there. */
  userData: string
  chooseDirectory: () => Promise<string | null>
  dialog: ErrorDialog
  log: Logger
}

/** The demo store in the user-data folder, created on first run so the app shows something real at once. */
async function demoStore(userData: string, log: Logger): Promise<string> {
  const dataDir = path.join(userData, 'demo-store')
  if (!existsSync(path.join(dataDir, 'CURRENT'))) {
    await createDemoStore(dataDir, { count: DEMO_TASKS, version: 1 })
    log.info(`Created a demo store with ${DEMO_TASKS} v1 tasks in ${dataDir}`)
  }
  return dataDir
}

/** Opens the store chosen at start; when it cannot be opened, says why and falls back to the demo store. */
export async function openDesktopSession(options: DesktopSessionOptions): Promise<StoreSession> {
  const { memory, registry, log } = options
  const choice: StoreChoice = { recent: memory, chooseDirectory: options.chooseDirectory }
  const initial = chooseInitialStore(options.argv, options.env, memory.last())
  if (initial.dataDir !== undefined) {
    try {
      const session = await StoreSession.open({ dataDir: initial.dataDir, choice, logger: log, registry })
      await memory.remember(session.store.dataDir)
      log.info(`Opened ${session.store.dataDir} (from ${initial.source})`)
      return session
    } catch (error) {
      const shape = toErrorShape(error)
      log.warn(`Could not open ${initial.dataDir} (from ${initial.source}): ${shape.message} [${shape.code}]`)
      options.dialog.showErrorBox('Meridian Admin could not open the store', `${shape.message} [${shape.code}]\n\nShowing the demo store instead.`)
    }
  }
  return StoreSession.open({ dataDir: await demoStore(options.userData, log), choice, logger: log, registry })
}
