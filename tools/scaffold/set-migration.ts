import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync, type Stats } from 'node:fs'
import path from 'node:path'
import { MeridianError } from '../../src/shared/errors.ts'
import type { NewSetMigrationResult } from '../../src/shared/scaffold.ts'
import { createDefaultRegistry, isModuleFile, loadMigrationRegistry, type MigrationRegistry, packageRoot, toIoError } from '../../src/main/engine/index.ts'
import { parseMigrationName, parsePrefix } from './migration-names.ts'
import { setModuleSource, setStepTitle, type SetStepPlan } from './set-module-template.ts'

export interface NewSetMigrationRequest {
  /** `--migrations` as typed: the set's folder (made if it does not exist). */
  dir: string
  /** `--prefix` as typed (`task` or `task:`). */
  prefix: string
  /** `--name` as typed. */
  name: string
}

/**
 * The kit's type in the package this runs from, which the generated module imports (erased at run time): its
 * source in a checkout, its declaration in an installed package.
 */
function kitFile(): string {
  const root = packageRoot() ?? process.cwd()
  const source = path.join(root, 'src/main/engine/migration/set/migration-kit.ts')
  return existsSync(source) ? source : path.join(root, 'lib/types/main/engine/migration/set/migration-kit.d.ts')
}

const notAFolder = (dir: string): MeridianError =>
  new MeridianError(
    'INVALID_INPUT',
    `--migrations ${dir} is not a folder: new-migration writes a module into a migration set's folder (give that folder, or a path where one may be made)`
  )

/** Whether the folder holds a set to extend; missing and module-less folders hold none. INVALID_INPUT for a file. */
async function holdsModules(dir: string): Promise<boolean> {
  let info: Stats
  try {
    info = await stat(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return false
    if (code === 'ENOTDIR') throw notAFolder(dir)
    throw toIoError(error, `read ${dir}`)
  }
  if (!info.isDirectory()) throw notAFolder(dir)
  return (await readdir(dir)).some(isModuleFile)
}

/** The shell form of a path in a printed command: as is when it is plain, else single-quoted. */
const shellWord = (text: string): string => (/^[\w./:@%+=-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`)

/** The step after the registry's newest version for `prefix`, or INVALID_INPUT saying why there is none. */
function planStep(registry: MigrationRegistry, prefix: string, request: NewSetMigrationRequest, dir: string): SetStepPlan {
  const keyPrefix = `${prefix}:`
  const from = registry.latestVersion
  const to = from + 1
  if (!registry.keyPrefixes.includes(keyPrefix)) {
    throw new MeridianError(
      'INVALID_INPUT',
      `Unknown --prefix "${prefix}": no migration of the built-in set or ${request.dir} migrates "${keyPrefix}" records (known: ${registry.keyPrefixes.join(', ')})`
    )
  }
  const reaching = registry.findPath(from - 1, from)[0]?.migrations.find((m) => m.keyPrefix === keyPrefix)
  if (!reaching) {
    throw new MeridianError(
      'INVALID_INPUT',
      `The newest version, v${from}, has no step for "${keyPrefix}" records: new-migration starts v${from} → v${to} from the schema a step into v${from} declares, so write this one by hand`
    )
  }
  const relative = path.relative(dir, kitFile()).split(path.sep).join('/')
  return {
    names: parseMigrationName(request.name),
    prefix,
    keyPrefix,
    recordType: reaching.recordType,
    from,
    to,
    file: `${prefix}-v${from}-to-v${to}.ts`,
    kitTypeImport: relative.startsWith('.') ? relative : `./${relative}`
  }
}

function stepsLeft(plan: SetStepPlan, shown: string, next: string): string[] {
  const tag = `TODO(${plan.names.slug})`
  return [
    `Declare the new field in ${plan.prefix}V${plan.to}Schema and write the transform in ${shown}: until then the step throws "not implemented" (MIGRATION_FAILED, rolled back) wherever it runs. grep -n "${tag}" ${shellWord(shown)} lists every spot.`,
    `If downgrades must work, add a ${plan.recordType} v${plan.to} → v${plan.from} migration with its lossOf to the array the module returns (as examples/migrations/spec-refs/task-v2-to-v3.ts does).`,
    `Try it on a copy of a store, or on a demo (meridian-admin demo STORE --count 1000 --version 2): ${next}`
  ]
}

/**
 * `new-migration --migrations DIR`: writes the next step of a record type as one module of the migration set in
 * DIR (made if missing). The step starts at the newest version the built-in set and DIR's modules reach, and the
 * module needs nothing but the kit. Every check runs before the write; a file that exists is never overwritten;
 * the set is loaded again after, and if it no longer loads the module (and any folder made for it) is removed.
 */
export async function newSetMigration(request: NewSetMigrationRequest): Promise<NewSetMigrationResult> {
  const prefix = parsePrefix(request.prefix)
  parseMigrationName(request.name)
  const dir = path.resolve(request.dir)
  const registry = (await holdsModules(dir)) ? await loadMigrationRegistry(dir) : createDefaultRegistry()
  const plan = planStep(registry, prefix, request, dir)
  const file = path.join(dir, plan.file)
  const shown = path.join(request.dir, plan.file)
  if (
    await stat(file).then(
      () => true,
      () => false
    )
  ) {
    throw new MeridianError('INVALID_INPUT', `${shown} already exists: new-migration never overwrites a file (remove it, or finish that step by hand)`)
  }

  let madeDir: string | undefined
  try {
    madeDir = await mkdir(dir, { recursive: true })
    await writeFile(file, setModuleSource(plan), { flag: 'wx' })
  } catch (error) {
    if (madeDir) await rm(madeDir, { recursive: true, force: true }).catch(() => undefined)
    throw toIoError(error, `write ${shown} (nothing was left written)`)
  }
  try {
    const reached = (await loadMigrationRegistry(dir)).latestVersion
    if (reached !== plan.to) throw new MeridianError('MIGRATION_SET_INVALID', `with ${plan.file} the set reaches v${reached}, not v${plan.to}`)
  } catch (error) {
    await rm(madeDir ?? file, { recursive: true, force: true }).catch(() => undefined)
    const coded = error instanceof MeridianError ? error : new MeridianError('INTERNAL', String(error), { cause: error })
    throw new MeridianError(coded.code, `${coded.message} (the set did not load with the new module, so it was removed)`, { cause: error })
  }

  const next = `meridian-admin migrate STORE --dry-run --migrations ${shellWord(request.dir)}`
  return {
    migrations: dir,
    prefix,
    from: plan.from,
    to: plan.to,
    name: setStepTitle(plan),
    todoTag: `TODO(${plan.names.slug})`,
    module: file,
    createdFolder: madeDir !== undefined,
    steps: stepsLeft(plan, shown, next),
    next
  }
}
