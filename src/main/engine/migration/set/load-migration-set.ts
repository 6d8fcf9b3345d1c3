import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { MeridianError } from '../../../../shared/errors.ts'
import type { Migration } from '../migration.ts'
import { allMigrations, createDefaultRegistry } from '../../migrations/index.ts'
import { MigrationRegistry } from '../registry.ts'
import { createMigrationKit } from './migration-kit.ts'
import { describeExportIssue, migrationListSchema, migrationModuleSchema } from './module-export.ts'

/** File names a set's modules may have; `.ts`/`.mts` need tsx (the CLI and the web host run under it). */
const MODULE_EXTENSIONS = ['.js', '.mjs', '.ts', '.mts']
/** Whether a file name is one of a set's modules (new-migration counts them the same way). */
export const isModuleFile = (name: string): boolean =>
  MODULE_EXTENSIONS.includes(path.extname(name)) && !/\.(test|spec)\.[cm]?[jt]s$/.test(name) && !name.endsWith('.d.ts')

/** Numeric-aware, so `task-v9-…` loads before `task-v10-…` (a module may build on a schema loaded before it). */
const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })

const invalid = (message: string, cause?: unknown): MeridianError => new MeridianError('MIGRATION_SET_INVALID', message, { cause })

/** A set's module files in load order: the top-level modules of a folder (subfolders are theirs), or one file. */
export async function listMigrationModules(setPath: string): Promise<string[]> {
  const resolved = path.resolve(setPath)
  const info = await stat(resolved).catch((error: unknown) => {
    throw invalid(`Migration set ${resolved} does not exist (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, error)
  })
  if (info.isFile()) {
    if (!isModuleFile(path.basename(resolved))) throw invalid(`${resolved} is not a migration module: use a .js, .mjs or .ts file, or a folder of them`)
    return [resolved]
  }
  const names = (await readdir(resolved)).filter(isModuleFile).sort(byName)
  if (names.length === 0) throw invalid(`Migration set ${resolved} holds no migration modules (.js, .mjs or .ts files)`)
  return names.map((name) => path.join(resolved, name))
}

/**
 * A `.ts` module outside a `"type": "module"` package (a copy of the example in a home folder, say) is CommonJS to
 * Node, so it is required, and only tsx's CommonJS hook can compile that; the hosts register tsx's ESM loader alone.
 * The first `.ts` module of a set registers the CommonJS hook too, once.
 */
let commonJsHook: Promise<void> | undefined
const registerCommonJsHook = (): Promise<void> =>
  (commonJsHook ??= import('tsx/cjs/api').then(({ register }) => {
    register()
  }))

/** Such a module can come back wrapped, `{ default: module.exports }`: its own exports are the inner object. */
function unwrapCommonJs(loaded: unknown): unknown {
  const inner = (loaded as { default?: unknown } | null)?.default
  const innerDefault = (inner as { default?: unknown } | null)?.default
  return typeof inner === 'object' && inner !== null && typeof innerDefault === 'function' ? inner : loaded
}

/** Node loads `.js`/`.mjs` itself and `.ts` under tsx's loader; outside it, a `.ts` module goes through tsx's own import. */
async function importModule(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href
  if (/\.ts$/.test(file)) await registerCommonJsHook()
  try {
    return unwrapCommonJs(await import(url))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.m?ts$/.test(file)) throw error
    const { tsImport } = await import('tsx/esm/api')
    return unwrapCommonJs(await tsImport(url, import.meta.url))
  }
}

export interface LoadedModule {
  file: string
  migrations: Migration[]
}

/** One module: imported, its export checked, its factory called with the kit; every failure names the file. */
async function loadModule(file: string, known: () => readonly Migration[]): Promise<LoadedModule> {
  let loaded: unknown
  try {
    loaded = await importModule(file)
  } catch (error) {
    throw invalid(`${file} failed to load: ${error instanceof Error ? error.message : String(error)}`, error)
  }
  if (typeof loaded === 'object' && loaded !== null && !('default' in loaded)) {
    throw invalid(`${file}: the module has no default export: export default (kit) => [migrations]`)
  }
  const module = migrationModuleSchema.safeParse(loaded)
  if (!module.success) throw invalid(`${file}: ${describeExportIssue(module.error)}`)
  let returned: unknown
  try {
    returned = await module.data.default(createMigrationKit(known))
  } catch (error) {
    throw invalid(`${file}: its default export threw: ${error instanceof Error ? error.message : String(error)}`, error)
  }
  const list = migrationListSchema.safeParse(returned)
  if (!list.success) throw invalid(`${file}: ${describeExportIssue(list.error)}`)
  // The parsed copies keep the fields zod knows; the engine wants the migrations themselves (their closures).
  return { file, migrations: returned as Migration[] }
}

/** The first module whose migrations the registry refuses (a gap alone may close with a later module: not blamed). */
function blame(base: readonly Migration[], modules: readonly LoadedModule[]): string | undefined {
  let so = [...base]
  for (const { file, migrations } of modules) {
    so = [...so, ...migrations]
    try {
      new MigrationRegistry(so)
    } catch (error) {
      if (!(error instanceof MeridianError && error.code === 'MIGRATION_PATH_MISSING')) return file
    }
  }
  return undefined
}

export interface MigrationSet {
  /** The folder (or file) as resolved. */
  path: string
  modules: LoadedModule[]
  migrations: Migration[]
}

/** Loads every module of a set in order; each sees, through the kit, the built-in migrations and the modules before it. */
export async function loadMigrationSet(setPath: string, base: readonly Migration[] = allMigrations): Promise<MigrationSet> {
  const files = await listMigrationModules(setPath)
  const modules: LoadedModule[] = []
  const known = (): readonly Migration[] => [...base, ...modules.flatMap((module) => module.migrations)]
  for (const file of files) modules.push(await loadModule(file, known))
  return { path: path.resolve(setPath), modules, migrations: modules.flatMap((module) => module.migrations) }
}

/**
 * The registry a command runs with: the built-in set, plus the set at `migrationsDir` when one is given. Its newest
 * version is the target. A set the registry refuses (a duplicate, a gap, a step of two versions) is
 * MIGRATION_SET_INVALID naming the module, before any store is opened for writing.
 */
export async function loadMigrationRegistry(migrationsDir?: string): Promise<MigrationRegistry> {
  if (migrationsDir === undefined) return createDefaultRegistry()
  const set = await loadMigrationSet(migrationsDir)
  try {
    return new MigrationRegistry([...allMigrations, ...set.migrations])
  } catch (error) {
    const file = blame(allMigrations, set.modules)
    const where = file ?? set.path
    throw invalid(`${where}: ${error instanceof Error ? error.message : String(error)}`, error)
  }
}
