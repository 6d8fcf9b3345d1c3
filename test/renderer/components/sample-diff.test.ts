import { describe, expect, it } from 'vitest'
import { diffFields } from '../../../src/renderer/src/components/SampleDiff.tsx'

describe('the dry run sample diff', () => {
  it('marks added, removed, changed and unchanged fields, in the new order with removed ones last', () => {
    const before = { id: 't1', spec_ref: { spec_name: 's' }, title: 'A' }
    const after = { schema_version: 3, id: 't1', title: 'B', spec_refs: [{ spec_name: 's' }] }
    expect(diffFields(before, after)?.map((f) => [f.key, f.change])).toEqual([
      ['schema_version', 'added'],
      ['id', 'same'],
      ['title', 'changed'],
      ['spec_refs', 'added'],
      ['spec_ref', 'removed']
    ])
  })

  it('gives up (null) when either side is not a JSON object', () => {
    expect(diffFields('text', { a: 1 })).toBeNull()
    expect(diffFields([1], [2])).toBeNull()
  })
})
