import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CheckVerdict } from '../../../src/renderer/src/components/RecordRepair.tsx'
import { prefixOf } from '../../../src/renderer/src/stores/open-record.ts'

describe('the record check as shown', () => {
  it('an invalid record: each reason with its field path, and a copy of them', () => {
    const html = renderToStaticMarkup(
      <CheckVerdict
        label="Check of task:a"
        check={{
          key: 'task:a',
          status: 'invalid',
          version: 1,
          problems: [
            { path: ['status'], message: 'Invalid option' },
            { path: [], message: 'too big' }
          ]
        }}
      />
    )
    expect(html).toContain('✗ Invalid for v1')
    expect(html).toContain('<li>status: Invalid option</li>')
    expect(html).toContain('<li>too big</li>')
    expect(html).toContain('Copy reasons')
  })

  it('a valid record: no reasons and nothing to copy', () => {
    const html = renderToStaticMarkup(<CheckVerdict label="Check" check={{ key: 'task:a', status: 'valid', version: 3, problems: [] }} />)
    expect(html).toContain('✓ Valid for v3')
    expect(html).not.toContain('<li>')
    expect(html).not.toContain('Copy reasons')
  })
})

describe('failure lists link to records', () => {
  it("a key opens under the longest of the store's prefixes it starts with", () => {
    expect(prefixOf('task:spec:1', ['task:', 'task:spec:', 'idx:'])).toBe('task:spec:')
    expect(prefixOf('task:1', ['task:', 'idx:'])).toBe('task:')
    expect(prefixOf('other', ['task:'])).toBeNull()
  })
})
