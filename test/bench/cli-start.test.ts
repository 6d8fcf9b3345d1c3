import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const REPO = path.resolve(import.meta.dirname, '../..')

// A benchmark is not a test: this only keeps `npm run bench:start` working. No figure is compared with a time.
describe('npm run bench:start', () => {
  it('times each start against node’s own and ends with a MET or MISSED line for --help', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'bench:start', '--', '--runs', '1'], { cwd: REPO, timeout: 120_000 })
    expect(stdout).toMatch(/node -e '' \(baseline\)\s+\d+\.\d{3} s {2}1\.00× baseline/)
    expect(stdout).toMatch(/meridian-admin --help \(lib\/, compiled\)\s+\d+\.\d{3} s {2}\d+\.\d{2}× baseline/)
    expect(stdout).toMatch(/^(MET|MISSED) +meridian-admin --help ≤ 0\.3 s — \d+\.\d{3} s/m)
  }, 150_000)
})
