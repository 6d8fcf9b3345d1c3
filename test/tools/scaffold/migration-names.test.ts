import { describe, expect, it } from 'vitest'
import { fieldHintOf, parseMigrationName, parsePrefix, slugOf, stepNames } from '../../../tools/scaffold/migration-names.ts'
import { thrownBy } from '../../helpers/temp-store.ts'

describe('new-migration names', () => {
  it('slugs a title into lowercase words joined by hyphens, snake_case words split too', () => {
    expect(slugOf('Add estimate_confidence')).toBe('add-estimate-confidence')
    expect(slugOf('Replace spec_ref with spec_refs')).toBe('replace-spec-ref-with-spec-refs')
    expect(slugOf('Track  time (hours), per task/day')).toBe('track-time-hours-per-task-day')
    expect(slugOf('Add v2 fields')).toBe('add-v2-fields')
  })

  it('takes the field hint from the last snake_case word, else the words after a leading verb', () => {
    expect(fieldHintOf('Add estimate_confidence')).toBe('estimate_confidence')
    expect(fieldHintOf('Replace spec_ref with spec_refs')).toBe('spec_refs')
    expect(fieldHintOf('Add priority score')).toBe('priority_score')
    expect(fieldHintOf('Reviewer')).toBe('reviewer')
    expect(fieldHintOf('Add 2fa')).toBe('fa')
    expect(fieldHintOf('Add 42')).toBe('new_field')
  })

  it('parses --name into a tidy title with its slug and field hint', () => {
    expect(parseMigrationName('  Add   estimate_confidence ')).toEqual({
      title: 'Add estimate_confidence',
      slug: 'add-estimate-confidence',
      fieldHint: 'estimate_confidence'
    })
  })

  it.each([
    ['', 'at least 3 characters'],
    ['ab', 'at least 3 characters'],
    ['x'.repeat(81), 'at most 80 characters'],
    ["Add owner's name", 'starting with a letter'],
    ['Add `field`', 'starting with a letter'],
    ['Add */ field', 'starting with a letter'],
    ['Add field\\n', 'starting with a letter'],
    ['2 fields', 'starting with a letter'],
    ['a.b.c', 'at least one word']
  ])('refuses --name %j with INVALID_INPUT naming --name and what it must be', (raw, expected) => {
    const error = thrownBy(() => parseMigrationName(raw))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('--name')
    expect(error.message).toContain(expected)
  })

  it('accepts task and task: as the prefix, and refuses anything that is not a plain record type', () => {
    expect(parsePrefix('task')).toBe('task')
    expect(parsePrefix(' task: ')).toBe('task')
    for (const raw of ['', 'Task', 'task-x', '../task', 'task::', '_admin']) {
      const error = thrownBy(() => parsePrefix(raw))
      expect(error.code, raw).toBe('INVALID_INPUT')
      expect(error.message).toContain('--prefix')
    }
  })

  it('names the files and identifiers of a step the way the existing v2 → v3 files are named', () => {
    expect(stepNames('task', 2, 3)).toEqual({
      schemaFile: 'task-v3.ts',
      migrationFile: 'task-v2-to-v3.ts',
      testFile: 'task-v2-to-v3.test.ts',
      fromSchema: 'taskV2Schema',
      toSchema: 'taskV3Schema',
      toType: 'TaskV3',
      migration: 'taskV2ToV3',
      fromFixture: 'taskV2'
    })
  })
})
