import { describe, expect, it } from 'vitest'
import { testFiles, tierOf } from './tiers.ts'

describe('test tiers', () => {
  it('take every test file (a file no tier takes would never run)', () => {
    expect(testFiles().filter((file) => tierOf(file) === undefined)).toEqual([])
  })
})
