import { describe, expect, it } from 'vitest'
import { taskV1ToV2 } from '../../../../src/main/engine/migrations/task-v1-to-v2.ts'
import { taskV2ToV1, taskV2ToV1Loss } from '../../../../src/main/engine/migrations/task-v2-to-v1.ts'
import { taskV2ToV3 } from '../../../../src/main/engine/migrations/task-v2-to-v3.ts'
import { taskV3ToV2, taskV3ToV2Loss } from '../../../../src/main/engine/migrations/task-v3-to-v2.ts'
import { taskV1Schema } from '../../../../src/main/engine/schemas/task-v1.ts'
import { taskV2Schema, type TaskV2 } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV3Schema, type TaskV3 } from '../../../../src/main/engine/schemas/task-v3.ts'
import { taskV1, taskV2, taskV3 } from '../../../helpers/tasks.ts'

const KEY = 'task:task-1'
const ref = (section: string): { spec_name: string; section: string } => ({ spec_name: 'storage-engine', section })

/** A v2 task holding nothing v1 lacks: what v1 → v2 itself produces. */
const losslessV2 = (): Record<string, unknown> => taskV1ToV2.migrateItem(KEY, taskV1())

describe('Task v3 → v2', () => {
  it('declares the down step v3 → v2 for task: records, with a loss report', () => {
    expect(taskV3ToV2).toMatchObject({ from: 3, to: 2, keyPrefix: 'task:', recordType: 'Task' })
    expect(taskV3ToV2.lossOf).toBeTypeOf('function')
  })

  it('keeps the first of spec_refs as spec_ref and sets schema_version 2', () => {
    const output = taskV3ToV2.migrateItem(KEY, taskV3({ spec_refs: [ref('1'), ref('2'), ref('3')] }))
    expect(output.spec_ref).toEqual(ref('1'))
    expect(output.schema_version).toBe(2)
    expect('spec_refs' in output).toBe(false)
    expect(taskV2Schema.safeParse(output).success).toBe(true)
  })

  it('gives spec_ref null when spec_refs is empty', () => {
    expect(taskV3ToV2.migrateItem(KEY, taskV3({ spec_refs: [] })).spec_ref).toBeNull()
  })

  it('reports the refs after the first as lost, and nothing for none or one', () => {
    const parse = (refs: unknown[]): TaskV3 => taskV3Schema.parse(taskV3({ spec_refs: refs }))
    expect(taskV3ToV2Loss(parse([ref('1'), ref('2'), ref('3')]))).toEqual(['spec_refs[1..] (2 more refs)'])
    expect(taskV3ToV2Loss(parse([ref('1'), ref('2')]))).toEqual(['spec_refs[1..] (1 more ref)'])
    expect(taskV3ToV2Loss(parse([ref('1')]))).toEqual([])
    expect(taskV3ToV2Loss(parse([]))).toEqual([])
  })

  it('does not change its input', () => {
    const input = taskV3({ spec_refs: [ref('1'), ref('2')] })
    const copy = structuredClone(input)
    taskV3ToV2.migrateItem(KEY, input)
    expect(input).toEqual(copy)
  })

  it('round-trips a task with at most one ref through v2 → v3', () => {
    for (const refs of [[], [ref('1')]]) {
      const input = taskV3({ spec_refs: refs })
      expect(taskV2ToV3.migrateItem(KEY, taskV3ToV2.migrateItem(KEY, input))).toEqual(input)
    }
  })
})

describe('Task v2 → v1', () => {
  it('declares the down step v2 → v1 for task: records, with a loss report', () => {
    expect(taskV2ToV1).toMatchObject({ from: 2, to: 1, keyPrefix: 'task:', recordType: 'Task' })
  })

  it('drops the v2 fields and sets schema_version 1, keeping everything else', () => {
    const input = taskV2({ extra_field: 'kept' })
    const output = taskV2ToV1.migrateItem(KEY, input)
    for (const field of ['depends_on', 'related_tasks', 'started_at', 'last_activity', 'timeout_hours']) expect(field in output).toBe(false)
    expect(output).toMatchObject({ schema_version: 1, spec_ref: input.spec_ref, extra_field: 'kept', title: input.title })
    expect(taskV1Schema.safeParse(output).success).toBe(true)
  })

  it('reports each non-default v2 value as lost', () => {
    const task = taskV2Schema.parse(
      taskV2({ depends_on: ['a', 'b', 'c'], related_tasks: ['d'], started_at: '2024-03-02T10:30:00Z', last_activity: '2024-04-01T00:00:00Z', timeout_hours: 24 })
    )
    expect(taskV2ToV1Loss(task)).toEqual([
      'depends_on: 3 ids',
      'related_tasks: 1 id',
      'started_at: 2024-03-02T10:30:00Z',
      'last_activity: 2024-04-01T00:00:00Z',
      'timeout_hours: 24'
    ])
  })

  it('reports nothing for a task that holds only what v1 → v2 puts back', () => {
    expect(taskV2ToV1Loss(losslessV2() as TaskV2)).toEqual([])
  })

  it('round-trips a lossless task through v1 → v2', () => {
    const input = losslessV2()
    expect(taskV1ToV2.migrateItem(KEY, taskV2ToV1.migrateItem(KEY, input))).toEqual(input)
  })

  it('fails a record that breaks the v2 schema with the key and the field path', () => {
    expect(() => taskV2ToV1.migrateItem(KEY, taskV2({ depends_on: 'a' }))).toThrow(/Task v2: depends_on: .*\(key task:task-1\)/)
  })
})
