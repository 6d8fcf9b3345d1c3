import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineMigration, type Migration } from '../../../../src/main/engine/migration/migration.ts'
import { allMigrations, createDefaultRegistry, upMigrations } from '../../../../src/main/engine/migrations/index.ts'
import { MigrationRegistry } from '../../../../src/main/engine/migration/registry.ts'
import { exampleSetRegistry } from '../../../helpers/example-set.ts'
import { thrownBy } from '../../../helpers/temp-store.ts'

/** A trivial migration that only bumps `schema_version`. */
function step(from: number, to: number, keyPrefix = 'task:', name = `${keyPrefix} v${from} → v${to}`): Migration {
  return defineMigration({
    from,
    to,
    name,
    keyPrefix,
    recordType: 'Thing',
    fromSchema: z.looseObject({}),
    toSchema: z.looseObject({ schema_version: z.literal(to) }),
    transform: (record) => ({ ...record, schema_version: to })
  })
}

describe("the default registry (the built-in set, Meridian's)", () => {
  it('reaches v2 for task: records: Task v1 → v2 and its downgrade', () => {
    const registry = createDefaultRegistry()
    expect(registry.latestVersion).toBe(2)
    expect(registry.keyPrefixes).toEqual(['task:'])
    expect(allMigrations.map((m) => [m.from, m.to])).toEqual([
      [1, 2],
      [2, 1]
    ])
  })

  it('finds the path v1 → v2 as one step naming its migration, and none from v2', () => {
    const path = createDefaultRegistry().findPath(1, 2)
    expect(path.map(({ from, to }) => [from, to])).toEqual([[1, 2]])
    expect(path[0]?.name).toBe('Task v1 → v2: Add depends_on and related_tasks fields')
    expect(path[0]?.migrations).toHaveLength(1)
    expect(createDefaultRegistry().findPath(2, 2)).toEqual([])
  })

  it('finds the downgrade path v2 → v1', () => {
    expect(
      createDefaultRegistry()
        .findPath(2, 1)
        .map((s) => [s.from, s.to])
    ).toEqual([[2, 1]])
  })

  it('answers a downgrade request with MIGRATION_PATH_MISSING when no down migration is registered', () => {
    const error = thrownBy(() => new MigrationRegistry(upMigrations).findPath(2, 1))
    expect(error.code).toBe('MIGRATION_PATH_MISSING')
    expect(error.message).toContain('v2 to v1')
    expect(error.message).toContain('downgrade')
  })

  it('answers a request beyond the newest version (v2 → v3, the example set not loaded) with MIGRATION_PATH_MISSING', () => {
    const error = thrownBy(() => createDefaultRegistry().findPath(2, 3))
    expect(error.code).toBe('MIGRATION_PATH_MISSING')
    expect(error.message).toContain('v2 to v3')
  })
})

describe('the built-in set with the example set (spec-refs)', () => {
  it('reaches v3: v1 → v3 as two steps in order, v3 → v1 back, and is not rebuilt in a worker', () => {
    const registry = exampleSetRegistry()
    expect(registry.latestVersion).toBe(3)
    const path = registry.findPath(1, 3)
    expect(path.map(({ from, to }) => [from, to])).toEqual([
      [1, 2],
      [2, 3]
    ])
    expect(path[1]?.name).toBe('Task v2 → v3: Replace spec_ref with spec_refs')
    expect(registry.findPath(3, 1).map((s) => [s.from, s.to])).toEqual([
      [3, 2],
      [2, 1]
    ])
    expect(registry.rebuildableInWorker).toBe(false)
  })
})

describe('registering migrations', () => {
  it('rejects a gap in the upgrade chain (v1 → v2, v3 → v4) naming the missing step', () => {
    const error = thrownBy(() => new MigrationRegistry([step(1, 2), step(3, 4)]))
    expect(error.code).toBe('MIGRATION_PATH_MISSING')
    expect(error.message).toContain('from v2 to v3')
  })

  it('rejects a gap introduced by register()', () => {
    const error = thrownBy(() => createDefaultRegistry().register(step(4, 5)))
    expect(error.code).toBe('MIGRATION_PATH_MISSING')
    expect(error.message).toContain('from v2 to v3')
  })

  it('leaves the registry as it was when register() rejects a migration', () => {
    const registry = createDefaultRegistry()
    expect(() => registry.register(step(4, 5))).toThrow()
    expect(registry.latestVersion).toBe(2)
    expect(() => registry.findPath(4, 5)).toThrow(/No migration path/)
  })

  it('rejects two migrations for the same step and key prefix, naming both', () => {
    const error = thrownBy(() => new MigrationRegistry([step(1, 2, 'task:', 'first'), step(1, 2, 'task:', 'second')]))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('Duplicate')
    expect(error.message).toContain('"first"')
    expect(error.message).toContain('"second"')
  })

  it('rejects a duplicate of a default migration passed to register()', () => {
    const error = thrownBy(() => createDefaultRegistry().register(step(1, 2)))
    expect(error.code).toBe('INVALID_INPUT')
  })

  it('groups migrations of one step for different key prefixes into one store step', () => {
    const registry = new MigrationRegistry([step(1, 2, 'task:'), step(1, 2, 'episode:')])
    const [only] = registry.findPath(1, 2)
    expect(only?.migrations.map((m) => m.keyPrefix)).toEqual(['task:', 'episode:'])
    expect(only?.name).toBe('task: v1 → v2; episode: v1 → v2')
    expect(registry.keyPrefixes).toEqual(['episode:', 'task:'])
  })

  it('rejects a self-loop (v2 → v2) as a cycle', () => {
    const error = thrownBy(() => new MigrationRegistry([step(2, 2)]))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('cycle')
  })

  it('rejects a migration that skips a version (v1 → v3)', () => {
    const error = thrownBy(() => new MigrationRegistry([step(1, 3)]))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('skips versions')
  })

  it.each([
    [0, 1],
    [1.5, 2.5],
    [-1, 0]
  ])('rejects versions that are not whole numbers from 1 (v%s → v%s)', (from, to) => {
    expect(thrownBy(() => new MigrationRegistry([step(from, to)])).code).toBe('INVALID_INPUT')
  })

  it.each(['', '_admin:', '_schema_version'])('rejects the key prefix %j, which names no record type', (prefix) => {
    expect(thrownBy(() => new MigrationRegistry([step(1, 2, prefix)])).code).toBe('INVALID_INPUT')
  })

  it('accepts a down migration and finds the downgrade path through it', () => {
    const registry = new MigrationRegistry(upMigrations).register(step(2, 3)).register(step(3, 2))
    const path = registry.findPath(3, 2)
    expect(path.map((s) => [s.from, s.to])).toEqual([[3, 2]])
    expect(thrownBy(() => registry.findPath(3, 1)).code).toBe('MIGRATION_PATH_MISSING')
  })

  it('an empty registry knows only v1 and finds no path anywhere', () => {
    const registry = new MigrationRegistry()
    expect(registry.latestVersion).toBe(1)
    expect(registry.findPath(1, 1)).toEqual([])
    expect(thrownBy(() => registry.findPath(1, 2)).code).toBe('MIGRATION_PATH_MISSING')
  })
})
