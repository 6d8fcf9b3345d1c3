import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../src/shared/errors.ts'
import { packageRoot } from '../../src/main/engine/index.ts'

/** Where things live in a meridian-admin checkout, relative to its root (POSIX separators, as printed). */
export const TREE = {
  constants: 'src/main/engine/support/constants.ts',
  schemas: 'src/main/engine/schemas',
  migrations: 'src/main/engine/migrations',
  registry: 'src/main/engine/migrations/index.ts',
  migrationTests: 'test/main/engine/migrations',
  fixtures: 'test/helpers'
} as const

export const inTree = (root: string, relative: string): string => path.join(root, ...relative.split('/'))

/**
 * The checkout this code runs from: the folder of meridian-admin's package.json above it (see packageRoot), from
 * the sources or the build alike.
 */
export async function defaultProjectRoot(): Promise<string> {
  const root = packageRoot()
  if (root === null) throw new MeridianError('INVALID_INPUT', 'Cannot find the meridian-admin checkout this command runs from: pass --root DIR')
  return root
}

/** What the scaffold needs to know about one record type's schema chain. */
export interface SchemaChain {
  prefix: string
  /** The newest `schemas/<prefix>-v<N>.ts`. */
  latest: number
  /** CURRENT_SCHEMA_VERSION as constants.ts declares it. */
  currentVersion: number
  latestSchemaText: string
  /** As the previous upgrade declares them (`task:`, `Task`), else derived from the prefix. */
  keyPrefix: string
  recordType: string
  /** The migrations into and out of v`latest` (`task-v2-to-v3.ts`, `task-v3-to-v2.ts`) when they exist: models to point at. */
  previousUp: string | null
  previousDown: string | null
  /** A test helper exporting a sample record of version `latest` (`taskV3` in test/helpers/tasks.ts), if any. */
  fixture: { file: string; name: string } | null
}

async function readOr(file: string, fallback: string | null): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback
    throw error
  }
}

async function schemaVersions(root: string): Promise<Map<string, number[]>> {
  const chains = new Map<string, number[]>()
  let names: string[]
  try {
    names = await readdir(inTree(root, TREE.schemas))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new MeridianError('INVALID_INPUT', `${root} is not a meridian-admin source tree: it has no ${TREE.schemas} (check --root)`)
  }
  for (const name of names) {
    const match = /^([a-z][a-z0-9]*)-v(\d+)\.ts$/.exec(name)
    if (match) chains.set(match[1] as string, [...(chains.get(match[1] as string) ?? []), Number(match[2])])
  }
  return chains
}

async function currentVersionOf(root: string): Promise<number> {
  const text = await readOr(inTree(root, TREE.constants), null)
  const match = text === null ? null : /^export const CURRENT_SCHEMA_VERSION = (\d+)\s*$/m.exec(text)
  if (!match) throw new MeridianError('INVALID_INPUT', `${TREE.constants} under ${root} does not declare "export const CURRENT_SCHEMA_VERSION = N"`)
  return Number(match[1])
}

async function findFixture(root: string, name: string): Promise<SchemaChain['fixture']> {
  const dir = inTree(root, TREE.fixtures)
  const files = existsSync(dir) ? (await readdir(dir)).filter((file) => file.endsWith('.ts')).sort() : []
  for (const file of files) {
    const text = (await readOr(path.join(dir, file), '')) ?? ''
    if (new RegExp(`^export function ${name}\\(`, 'm').test(text)) return { file: `${TREE.fixtures}/${file}`, name }
  }
  return null
}

/**
 * Reads the schema chain of `prefix`. The next step must start at the store's current version, so the chain's
 * newest schema must be v`CURRENT_SCHEMA_VERSION`: otherwise a step is half-done (scaffolded, version not bumped)
 * or this record type lags behind the others, and both are refused with INVALID_INPUT saying which.
 */
export async function readSchemaChain(root: string, prefix: string): Promise<SchemaChain> {
  const chains = await schemaVersions(root)
  const versions = chains.get(prefix)
  if (!versions) {
    const known = [...chains.keys()].sort().join(', ') || 'none'
    throw new MeridianError('INVALID_INPUT', `Unknown --prefix "${prefix}": no ${TREE.schemas}/${prefix}-v1.ts chain to extend (known: ${known})`)
  }
  const latest = Math.max(...versions)
  const currentVersion = await currentVersionOf(root)
  if (latest > currentVersion) {
    throw new MeridianError(
      'INVALID_INPUT',
      `${TREE.schemas}/${prefix}-v${latest}.ts exists but CURRENT_SCHEMA_VERSION is ${currentVersion}: finish the v${latest - 1} → v${latest} step (fill it in, bump the version) before starting the next`
    )
  }
  if (latest < currentVersion) {
    throw new MeridianError(
      'INVALID_INPUT',
      `The store is at v${currentVersion} but "${prefix}" schemas stop at v${latest}: new-migration writes the step v${currentVersion} → v${currentVersion + 1} from a v${currentVersion} schema, so write this one by hand`
    )
  }
  const latestSchemaText = (await readOr(inTree(root, `${TREE.schemas}/${prefix}-v${latest}.ts`), '')) ?? ''
  const previousUp = `${prefix}-v${latest - 1}-to-v${latest}.ts`
  const previousDown = `${prefix}-v${latest}-to-v${latest - 1}.ts`
  const previousStep = await readOr(inTree(root, `${TREE.migrations}/${previousUp}`), null)
  const hasDown = existsSync(inTree(root, `${TREE.migrations}/${previousDown}`))
  const keyPrefix = /\bkeyPrefix: '([^'\\]+)'/.exec(previousStep ?? '')?.[1] ?? `${prefix}:`
  const recordType = /\brecordType: '([^'\\]+)'/.exec(previousStep ?? '')?.[1] ?? `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}`
  return {
    prefix,
    latest,
    currentVersion,
    latestSchemaText,
    keyPrefix,
    recordType,
    previousUp: previousStep === null ? null : previousUp,
    previousDown: hasDown ? previousDown : null,
    fixture: await findFixture(root, `${prefix}V${latest}`)
  }
}
