import { describe, expect, it } from 'vitest'
import { taskV3ToV2Loss } from '../../../../examples/migrations/spec-refs/task-v2-to-v3.ts'
import { taskV2Schema } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV2ToV3, taskV3Schema, taskV3ToV2, type TaskV3 } from '../../../helpers/example-set.ts'
import { taskV3 } from '../../../helpers/tasks.ts'

const KEY = 'task:task-1'
const ref = (section: string): { spec_name: string; section: string } => ({ spec_name: 'storage-engine', section })

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
