import { describe, expect, it } from 'vitest'
import { taskV2ToV3, taskV3Schema } from '../../../helpers/example-set.ts'
import { taskV2 } from '../../../helpers/tasks.ts'
import { thrownBy } from '../../../helpers/temp-store.ts'

const KEY = 'task:task-1'

const failureOf = (value: unknown): Error & { code?: string } => thrownBy(() => taskV2ToV3.migrateItem(KEY, value))

describe('Task v2 → v3', () => {
  it('declares the step v2 → v3 for task: records', () => {
    expect(taskV2ToV3).toMatchObject({ from: 2, to: 3, keyPrefix: 'task:', recordType: 'Task' })
  })

  it('turns spec_ref into spec_refs [spec_ref] and sets schema_version 3', () => {
    const input = taskV2({ spec_ref: { spec_name: 'mcp-protocol', section: '3.1 Tools' } })
    const output = taskV2ToV3.migrateItem(KEY, input)
    const { spec_ref: _dropped, ...rest } = input
    expect(output).toEqual({ ...rest, schema_version: 3, spec_refs: [{ spec_name: 'mcp-protocol', section: '3.1 Tools' }] })
    expect('spec_ref' in output).toBe(false)
    expect(taskV3Schema.safeParse(output).success).toBe(true)
  })

  it('gives spec_refs [] when spec_ref is null', () => {
    const output = taskV2ToV3.migrateItem(KEY, taskV2({ spec_ref: null }))
    expect(output.spec_refs).toEqual([])
    expect('spec_ref' in output).toBe(false)
  })

  it('gives spec_refs [] when spec_ref is absent', () => {
    const { spec_ref: _absent, ...input } = taskV2()
    const output = taskV2ToV3.migrateItem(KEY, input)
    expect(output.spec_refs).toEqual([])
    expect(output.schema_version).toBe(3)
  })

  it('keeps the v2 fields and unknown extra fields (also inside the spec reference)', () => {
    const input = taskV2({
      depends_on: ['task-a', 'task-b'],
      timeout_hours: 72,
      x_custom: 'kept',
      spec_ref: { spec_name: 's', section: '1', anchor: '#a' }
    })
    const output = taskV2ToV3.migrateItem(KEY, input)
    expect(output.depends_on).toEqual(['task-a', 'task-b'])
    expect(output.timeout_hours).toBe(72)
    expect(output.last_activity).toBe(input.last_activity)
    expect(output.x_custom).toBe('kept')
    expect(output.spec_refs).toEqual([{ spec_name: 's', section: '1', anchor: '#a' }])
  })

  it('does not mutate its input', () => {
    const input = taskV2()
    const copy = structuredClone(input)
    taskV2ToV3.migrateItem(KEY, input)
    expect(input).toEqual(copy)
  })

  // Meridian defaults an absent depends_on, so only a malformed one makes a record that is not v2.
  it('rejects a record whose v2 field is malformed with MIGRATION_FAILED naming the key, v2 and the field', () => {
    const error = failureOf({ ...taskV2({ schema_version: 2 }), depends_on: 'task-0' })
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('Task v2')
    expect(error.message).toContain('depends_on')
    expect(error.message).toContain('task:task-1')
  })

  it('rejects a malformed spec_ref, naming spec_ref.section', () => {
    const error = failureOf(taskV2({ spec_ref: { spec_name: 's', section: 7 } }))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('spec_ref.section')
  })

  it('rejects a bad last_activity timestamp, naming it', () => {
    const error = failureOf(taskV2({ last_activity: '2024-13-45' }))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('last_activity')
  })
})
