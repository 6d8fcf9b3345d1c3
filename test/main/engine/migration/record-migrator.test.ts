import { describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION } from '../../../../src/main/engine/support/constants.ts'
import { defineMigration } from '../../../../src/main/engine/migration/migration.ts'
import { taskV2Schema } from '../../../../src/main/engine/schemas/task-v2.ts'
import { allMigrations, createDefaultRegistry, upMigrations } from '../../../../src/main/engine/migrations/index.ts'
import { MigrationRegistry } from '../../../../src/main/engine/migration/registry.ts'
import { RecordMigrator, recordVersion } from '../../../../src/main/engine/migration/record-migrator.ts'
import { exampleSetRegistry, taskV2ToV3, taskV3Schema } from '../../../helpers/example-set.ts'
import { taskV1, taskV2, taskV3 } from '../../../helpers/tasks.ts'
import { thrownBy } from '../../../helpers/temp-store.ts'

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8')
/** Up to v3: the built-in set with the example set loaded. */
const upgrader = (): RecordMigrator => new RecordMigrator(exampleSetRegistry(), 'task:', 3, 1)

describe('recordVersion', () => {
  it('treats a record without schema_version as v1, not as the current version', () => {
    expect(recordVersion('task:a', taskV1())).toBe(1)
    expect(CURRENT_SCHEMA_VERSION).toBe(2)
  })

  it('reads an explicit schema_version', () => {
    expect(recordVersion('task:a', { schema_version: 2 })).toBe(2)
    expect(recordVersion('task:a', { schema_version: 3 })).toBe(3)
  })

  it.each([
    ['"2"', '2'],
    ['null', null],
    ['0', 0],
    ['1.5', 1.5]
  ])('rejects schema_version %s with MIGRATION_FAILED naming the key', (_label, value) => {
    const error = thrownBy(() => recordVersion('task:odd', { schema_version: value }))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('schema_version')
    expect(error.message).toContain('task:odd')
  })
})

describe('RecordMigrator (task:, up to v3 with the example set)', () => {
  it('migrates a record with no schema_version all the way to v3 (the seed would have skipped it as current)', () => {
    const outcome = upgrader().migrate('task:old', json(taskV1()))
    // The seed's `default_schema_version()` returned CURRENT_SCHEMA_VERSION, which would make this record look
    // like v3 and leave it unchanged; it is v1 and must be rewritten.
    expect(outcome.kind).toBe('migrated')
    if (outcome.kind !== 'migrated') return
    const written = JSON.parse(outcome.value.toString('utf8')) as Record<string, unknown>
    expect(written.schema_version).toBe(3)
    expect(written.depends_on).toEqual([])
    expect(written.spec_refs).toEqual([{ spec_name: 'storage-engine', section: '3.4 Compaction' }])
    expect(taskV3Schema.safeParse(written).success).toBe(true)
    expect(outcome.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['1->2', '2->3'])
  })

  it('migrates a v2 record through the v2 → v3 step only, keeping its v2 values', () => {
    const outcome = upgrader().migrate('task:mid', json(taskV2()))
    expect(outcome.kind).toBe('migrated')
    if (outcome.kind !== 'migrated') return
    expect(outcome.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['2->3'])
    expect(outcome.after.depends_on).toEqual(['task-0'])
    expect(outcome.after.timeout_hours).toBe(24)
    expect(outcome.before).toEqual(taskV2())
  })

  it('leaves a record already at the target unchanged', () => {
    expect(upgrader().migrate('task:new', json(taskV3())).kind).toBe('unchanged')
  })

  it('leaves a record newer than the target unchanged when upgrading', () => {
    const migrator = new RecordMigrator(exampleSetRegistry(), 'task:', 2, 1)
    expect(migrator.migrate('task:new', json(taskV3())).kind).toBe('unchanged')
  })

  it('stops at an intermediate target (v1 → v2 only)', () => {
    const outcome = new RecordMigrator(exampleSetRegistry(), 'task:', 2, 1).migrate('task:old', json(taskV1()))
    expect(outcome.kind === 'migrated' && outcome.after.schema_version).toBe(2)
    expect(outcome.kind === 'migrated' && 'spec_refs' in outcome.after).toBe(false)
  })

  it('writes compact JSON that parses back to the migrated record', () => {
    const outcome = upgrader().migrate('task:old', json(taskV1({ extra: 'é ✓' })))
    if (outcome.kind !== 'migrated') throw new Error('expected a migration')
    expect(JSON.parse(outcome.value.toString('utf8'))).toEqual(outcome.after)
    expect(outcome.after.extra).toBe('é ✓')
  })

  it('fails invalid JSON with MIGRATION_FAILED naming the key', () => {
    const error = thrownBy(() => upgrader().migrate('task:broken', Buffer.from('{"id": "x",', 'utf8')))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('not valid JSON')
    expect(error.message).toContain('task:broken')
  })

  it.each([
    ['an array', '[1,2]'],
    ['a string', '"task"'],
    ['null', 'null']
  ])('fails a record that is %s', (_label, text) => {
    const error = thrownBy(() => upgrader().migrate('task:weird', Buffer.from(text)))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('task:weird')
  })

  it('fails a record whose schema_version is the string "2", naming the key', () => {
    const error = thrownBy(() => upgrader().migrate('task:str', json(taskV2({ schema_version: '2' }))))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('task:str')
  })

  it('fails a v1 record that breaks its schema with the key, the version and the field path', () => {
    const error = thrownBy(() => upgrader().migrate('task:bad', json(taskV1({ priority: 'urgent' }))))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toMatch(/Task v1: priority: .*\(key task:bad\)/)
  })

  it("fails a record whose transform throws a plain Error (a set module's, say) with MIGRATION_FAILED naming the step and key", () => {
    const throwing = defineMigration({
      from: 2,
      to: 3,
      name: taskV2ToV3.name,
      keyPrefix: 'task:',
      recordType: 'Task',
      fromSchema: taskV2Schema,
      toSchema: taskV3Schema,
      transform: () => {
        throw new TypeError('spec_ref.map is not a function')
      }
    })
    const migrator = new RecordMigrator(new MigrationRegistry([...upMigrations, throwing]), 'task:', 3, 1)
    const error = thrownBy(() => migrator.migrate('task:t', json(taskV2())))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toBe(`${taskV2ToV3.name}: its transform threw: spec_ref.map is not a function (key task:t)`)
  })

  it('reports MIGRATION_PATH_MISSING when a record needs a downgrade no migration provides', () => {
    const downgrader = new RecordMigrator(new MigrationRegistry([...upMigrations, taskV2ToV3]), 'task:', 1, -1)
    const error = thrownBy(() => downgrader.migrate('task:new', json(taskV3())))
    expect(error.code).toBe('MIGRATION_PATH_MISSING')
  })
})

describe("RecordMigrator with the built-in set alone (Meridian's v2)", () => {
  const builtIn = (): RecordMigrator => new RecordMigrator(createDefaultRegistry(), 'task:', CURRENT_SCHEMA_VERSION, 1)

  it('brings a v1 record to v2 and leaves a v2 record, as Meridian writes it, unchanged', () => {
    const outcome = builtIn().migrate('task:old', json(taskV1()))
    expect(outcome.kind === 'migrated' && outcome.after.schema_version).toBe(2)
    expect(outcome.kind === 'migrated' && outcome.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['1->2'])
    expect(builtIn().migrate('task:mid', json(taskV2())).kind).toBe('unchanged')
  })

  it("has no step to v3: the built-in set holds only Meridian's migrations", () => {
    expect(allMigrations.every((m) => Math.max(m.from, m.to) <= CURRENT_SCHEMA_VERSION)).toBe(true)
  })
})
