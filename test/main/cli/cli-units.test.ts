import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { exitCodeFor } from '../../../src/shared/exit-codes.ts'
import { countSchema, demoVersionSchema, parseOption, targetVersionSchema } from '../../../src/main/cli/options.ts'
import { formatCliError, Output } from '../../../src/main/cli/output.ts'
import { createProgressReporter, formatEta, formatProgressLine, shortStepName } from '../../../src/main/cli/progress-reporter.ts'
import { errorCodeSchema, MeridianError } from '../../../src/shared/errors.ts'
import type { ProgressEvent } from '../../../src/shared/progress.ts'
import { thrownBy } from '../../helpers/temp-store.ts'

function capture(): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream, text: () => text }
}

const event = (done: number, total: number, phase: ProgressEvent['phase'] = 'migrate'): ProgressEvent => ({
  phase,
  done,
  total,
  itemsPerSecond: 1000,
  etaSeconds: total > done ? (total - done) / 1000 : 0,
  step: 'Task v1 → v2: Add depends_on and related_tasks fields'
})

describe('CLI building blocks', () => {
  it('maps every error code to exit 1 (the operation failed) or 2 (bad usage or input)', () => {
    for (const code of errorCodeSchema.options) expect([1, 2]).toContain(exitCodeFor(code))
    expect(exitCodeFor('MIGRATION_FAILED')).toBe(1)
    expect(exitCodeFor('CANCELLED')).toBe(1)
    expect(exitCodeFor('BACKUP_CORRUPT')).toBe(1)
    for (const code of [
      'DATA_DIR_NOT_FOUND',
      'NOT_A_DATABASE',
      'DATABASE_LOCKED',
      'INVALID_INPUT',
      'VERSION_TOO_NEW',
      'MIGRATION_PATH_MISSING',
      'BACKUP_NOT_FOUND'
    ] as const) {
      expect(exitCodeFor(code)).toBe(2)
    }
  })

  it('parses option values and names the option in INVALID_INPUT errors', () => {
    expect(parseOption(countSchema, '--count', '1000')).toBe(1000)
    expect(parseOption(targetVersionSchema, '--to', '2')).toBe(2)
    expect(parseOption(demoVersionSchema, '--version', 'mixed')).toBe('mixed')
    expect(parseOption(demoVersionSchema, '--version', '2')).toBe(2)
    expect(thrownBy(() => parseOption(demoVersionSchema, '--version', '3'))).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('not 3: Meridian knows schema v2 at most') as unknown
    })
    for (const [schema, name, raw] of [
      [countSchema, '--count', 'abc'],
      [countSchema, '--count', '-5'],
      [countSchema, '--count', '2.5'],
      [targetVersionSchema, '--to', '0']
    ] as const) {
      let error: unknown
      try {
        parseOption(schema, name, raw)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(MeridianError)
      expect((error as MeridianError).code).toBe('INVALID_INPUT')
      expect((error as MeridianError).message).toContain(name)
    }
  })

  it("prints a migration failure the seed's way (✗ Migration failed, the rollback notice, the code) with what to do next, never 'report this issue'", () => {
    const text = formatCliError({ code: 'MIGRATION_FAILED', message: 'Failed to deserialize Task v2: title: expected string (key task:abc)' })
    expect(text).toBe(
      '✗ Migration failed: Failed to deserialize Task v2: title: expected string (key task:abc)\n' +
        'Database has been rolled back to previous state; nothing was changed. The message names the record that failed and why: look at it with `get DIR KEY` (or in the Records panel), fix it, then migrate again. A transform that threw is a bug in that migration. [MIGRATION_FAILED]'
    )
    expect(text).not.toMatch(/report this issue/)
    expect(formatCliError({ code: 'MIGRATION_FAILED', message: 'Migration failed: x' })).toMatch(/^✗ Migration failed: x\n/)
  })

  it('writes only the JSON error document on stdout with --json, and returns its exit code', () => {
    const out = capture()
    const err = capture()
    const code = new Output(true, out.stream, err.stream).error(new MeridianError('DATABASE_LOCKED', 'locked: /x'))
    expect(code).toBe(2)
    expect(JSON.parse(out.text())).toEqual({ error: { code: 'DATABASE_LOCKED', message: 'locked: /x' } })
    expect(err.text()).toContain('✗ locked: /x')
  })

  it('prints plain progress lines without a terminal: none within two seconds, one at the end of each phase', () => {
    const { stream, text } = capture()
    const reporter = createProgressReporter(stream as unknown as NodeJS.WriteStream)
    reporter.onProgress(event(0, 100, 'backup'))
    reporter.onProgress(event(50, 100, 'backup'))
    reporter.onProgress(event(100, 100, 'backup'))
    reporter.onProgress(event(0, 10))
    reporter.onProgress(event(4, 10))
    reporter.stop()
    const lines = text().trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^Backing up \(Task v1 → v2\): 100\/100 \(100%\) · 1,000 items\/s · done in (\d+ ms|\d+\.\d\d s)$/)
    expect(lines[1]).toMatch(/^Migrating \(Task v1 → v2\): 4\/10 \(40%\) · .* stopped after/)
  })

  it('says which phase of how many and the percent of the whole operation, when it has several phases', () => {
    const migrating = { ...event(500, 1000), overall: { done: 1500, total: 2000, phase: 2, phases: 2 } }
    expect(formatProgressLine(migrating, false, 500)).toMatch(/ · ETA .* · phase 2 of 2, 75% overall$/)
    const alone = { ...event(5, 10), overall: { done: 5, total: 10, phase: 1, phases: 1 } }
    expect(formatProgressLine(alone, false, 500)).not.toMatch(/overall/)
  })

  it('marks an estimated total with ~ until the phase ends with the exact count', () => {
    const estimated = { ...event(12_108, 708_960, 'backup'), etaSeconds: null, totalIsEstimate: true }
    expect(formatProgressLine(estimated, false, 500)).toMatch(/^Backing up \(Task v1 → v2\): 12,108\/~708,960 \(1%\) · 1,000 items\/s · ETA estimating…$/)
    expect(formatProgressLine(event(880_000, 880_000, 'backup'), true, 9_000)).toMatch(/: 880,000\/880,000 \(100%\)/)
  })

  it('formats ETAs as the app does, and step names compactly', () => {
    expect(formatEta(null)).toBe('estimating…')
    expect(formatEta(4.2)).toBe('5 s')
    expect(formatEta(125)).toBe('2 min 5 s')
    expect(formatEta(3725)).toBe('1 h 2 min')
    expect(shortStepName('Task v1 → v2: Add x · Task v2 → v3: Replace y')).toBe('Task v1 → v2 · Task v2 → v3')
  })
})
