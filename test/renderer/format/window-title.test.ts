import { describe, expect, it } from 'vitest'
import { windowTitle } from '../../../src/renderer/src/format/window-title.ts'

describe('the window title', () => {
  it("names the store's folder first, on POSIX and Windows paths alike", () => {
    expect(windowTitle('/var/lib/meridian/data')).toBe('data — Meridian Admin')
    expect(windowTitle('/srv/stores/tasks/')).toBe('tasks — Meridian Admin')
    expect(windowTitle('C:\\Users\\ana\\meridian\\store')).toBe('store — Meridian Admin')
  })

  it('says when no store is open, and is the bare name before the host answered', () => {
    expect(windowTitle(null)).toBe('No store open — Meridian Admin')
    expect(windowTitle(undefined)).toBe('Meridian Admin')
  })
})
