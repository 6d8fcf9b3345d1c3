import { describe, expect, it } from 'vitest'
import { describeRecord } from '../../../../src/main/engine/store/record-browser.ts'
import { recordSummarySchema } from '../../../../src/shared/record-summary.ts'

const summary = (text: string): ReturnType<typeof describeRecord> => describeRecord('task:a', Buffer.from(text, 'utf8'))

describe("a record's version as the browser shows it", () => {
  it('is its schema_version when a positive whole number, 1 when absent, and none otherwise, always within the contract', () => {
    expect(summary('{"schema_version":2}').version).toBe(2)
    expect(summary('{"id":"a"}').version).toBe(1)
    for (const odd of ['2.5', '0', '-1', '"2"', 'null', '1e300']) {
      const record = summary(`{"schema_version":${odd}}`)
      expect(record.version, odd).toBeNull()
      expect(() => recordSummarySchema.parse(record)).not.toThrow()
    }
    expect(summary('not json')).toMatchObject({ version: null, value: 'not json', bytes: 8 })
    expect(summary('[1]').version).toBeNull()
  })
})
