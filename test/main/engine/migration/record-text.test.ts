import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineMigration } from '../../../../src/main/engine/migration/migration.ts'
import { MigrationRegistry } from '../../../../src/main/engine/migration/registry.ts'
import { RecordMigrator } from '../../../../src/main/engine/migration/record-migrator.ts'
import { readRecordText, writeRecordText } from '../../../../src/main/engine/migration/record-text.ts'
import { numberAlteration, scanObjectText } from '../../../../src/main/engine/migration/record-text-scan.ts'
import { createDefaultRegistry } from '../../../../src/main/engine/migrations/index.ts'
import { taskV1 } from '../../../helpers/tasks.ts'
import { thrownBy } from '../../../helpers/temp-store.ts'

/** A v1 task's JSON text with `extra` (raw JSON member text) appended before its closing brace. */
const v1TaskText = (extra: string): string => `${JSON.stringify(taskV1()).slice(0, -1)},${extra}}`
const upgrade = (text: string | Buffer): string => {
  const outcome = new RecordMigrator(createDefaultRegistry(), 'task:', 2, 1).migrate('task:t', Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'))
  if (outcome.kind !== 'migrated') throw new Error('expected the record to be migrated')
  return outcome.value.toString('utf8')
}

/** A step of a made-up `thing:` record that renames `size` to `bytes` and leaves every other field alone. */
const renameSize = defineMigration({
  from: 1,
  to: 2,
  name: 'Thing v1 → v2: size becomes bytes',
  keyPrefix: 'thing:',
  recordType: 'Thing',
  fromSchema: z.looseObject({ size: z.number() }),
  toSchema: z.looseObject({ bytes: z.number(), schema_version: z.literal(2) }),
  transform: ({ size, ...rest }) => ({ ...rest, schema_version: 2 as const, bytes: size })
})
const renameThing = (text: string): string => {
  const registry = new MigrationRegistry()
  registry.register(renameSize)
  const outcome = new RecordMigrator(registry, 'thing:', 2, 1).migrate('thing:x', Buffer.from(text, 'utf8'))
  if (outcome.kind !== 'migrated') throw new Error('expected the record to be migrated')
  return outcome.value.toString('utf8')
}

describe('scanObjectText', () => {
  it('gives every top-level field its value text as written, spacing and escapes included', () => {
    const scanned = scanObjectText('{ "a" : [1, 2.50 , {"b":"\\u00e9"}] ,"c":"x\\"y","d":null,"e":-0.5e3 }')
    expect([...scanned.fields].map(([name, field]) => [name, field.text])).toEqual([
      ['a', '[1, 2.50 , {"b":"\\u00e9"}]'],
      ['c', '"x\\"y"'],
      ['d', 'null'],
      ['e', '-0.5e3']
    ])
    expect(scanned.duplicateField).toBeNull()
  })

  it('names a top-level field written twice', () => {
    expect(scanObjectText('{"a":1,"b":2,"a":3}').duplicateField).toBe('a')
  })

  it('says why reading alters a field: a rounded integer, an overflowing number, a duplicate key inside it', () => {
    const scanned = scanObjectText('{"n":18446744073709551615,"f":[1e400],"o":{"k":1,"k":2},"ok":{"k":[9007199254740991]}}')
    expect(scanned.fields.get('n')?.alteration).toContain('would be rounded to 18446744073709552000')
    expect(scanned.fields.get('f')?.alteration).toContain('1e400')
    expect(scanned.fields.get('o')?.alteration).toContain('"k" appears twice')
    expect(scanned.fields.get('ok')?.alteration).toBeNull()
  })

  it('reads a record nested 20,000 deep without running out of stack', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
    expect(scanObjectText(`{"deep":${deep},"after":1}`).fields.get('after')?.text).toBe('1')
  })

  it.each([
    ['1', null],
    ['-12.5e-3', null],
    ['9007199254740991', null],
    ['1e20', null]
  ])('holds the number %s exactly', (token, expected) => {
    expect(numberAlteration(token)).toBe(expected)
  })
})

describe('a migration keeps the bytes of every field it leaves alone', () => {
  it('carries an unsigned 64-bit integer, an overflowing number and odd spacing through v1 → v2 byte for byte', () => {
    const written = upgrade(v1TaskText('"counter":18446744073709551615,"ratio":1e400,"meta":{"a" : [1, 2.50, "\\u00e9"]}'))
    expect(written).toContain('"counter":18446744073709551615')
    expect(written).toContain('"ratio":1e400')
    expect(written).toContain('"meta":{"a" : [1, 2.50, "\\u00e9"]}')
    expect(written).toContain('"schema_version":2')
    expect(written).toContain('"depends_on":[]')
  })

  it('keeps a nested duplicate key as written when the field is left alone', () => {
    expect(upgrade(v1TaskText('"meta":{"k":1,"k":2}'))).toContain('"meta":{"k":1,"k":2}')
  })

  it('writes a record already in canonical form exactly as JSON.stringify writes the migrated object', () => {
    const outcome = new RecordMigrator(createDefaultRegistry(), 'task:', 2, 1).migrate('task:t', Buffer.from(JSON.stringify(taskV1()), 'utf8'))
    if (outcome.kind !== 'migrated') throw new Error('expected the record to be migrated')
    expect(outcome.value.toString('utf8')).toBe(JSON.stringify(outcome.after))
  })

  it('carries a field the step keeps even when a sibling is renamed', () => {
    expect(renameThing('{"size":5,"id":18446744073709551615}')).toBe('{"id":18446744073709551615,"schema_version":2,"bytes":5}')
  })
})

describe('a record that cannot be carried through unchanged is refused with its key', () => {
  it('refuses to rename a field holding an integer beyond 2^53, naming the field and the rounded value', () => {
    const error = thrownBy(() => renameThing('{"size":18446744073709551615}'))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('"size"')
    expect(error.message).toContain('18446744073709552000')
    expect(error.message).toContain('thing:x')
  })

  it('refuses a record with a top-level field written twice', () => {
    const error = thrownBy(() => upgrade(v1TaskText('"tags":["again"]')))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('"tags" twice')
    expect(error.message).toContain('task:t')
  })

  it('refuses bytes that are not UTF-8 instead of replacing them with U+FFFD', () => {
    const text = Buffer.from(v1TaskText('"note":"caf\u00e9"'), 'utf8')
    const bad = Buffer.from(text.toString('latin1').replace('caf\u00c3\u00a9', 'caf\u00e9'), 'latin1')
    const error = thrownBy(() => upgrade(bad))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('not valid UTF-8')
    expect(error.message).toContain('task:t')
  })

  it('still accepts a real U+FFFD in well-formed text', () => {
    expect(upgrade(v1TaskText('"note":"\uFFFD"'))).toContain('"note":"\uFFFD"')
  })

  it('refuses to drop or move a field whose text reading alters, and carries it when it stays', () => {
    const source = readRecordText('thing:y', Buffer.from('{"n":18446744073709551615, "keep":1}', 'utf8'))
    expect(writeRecordText('thing:y', source, { n: source.value.n, keep: 1 }).toString('utf8')).toBe('{"n":18446744073709551615,"keep":1}')
    expect(thrownBy(() => writeRecordText('thing:y', source, { keep: 1 })).message).toContain('"n"')
    expect(thrownBy(() => writeRecordText('thing:y', source, { keep: 1, m: source.value.n })).message).toContain('"n"')
  })
})
