import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { recordsPageSchema } from '../../../src/shared/api.contract.ts'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { backupComparisonSchema } from '../../../src/shared/backup-inspect.ts'
import { SPEC_REFS_SET } from '../../helpers/example-set.ts'
import { snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { backupFile, flipMiddleByte, jsonOf, runCli } from './run-cli.ts'

type ErrorDocument = { error: { code: string; message: string } }

describe('meridian-admin show and compare: inspecting a backup without restoring it', () => {
  const temp = useTempStores()

  /** A v1 demo store of `count` tasks and a manual backup of it. */
  async function backedUpStore(count: number): Promise<{ dir: string; id: string }> {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', String(count), '--version', '1'])).code).toBe(0)
    const run = await runCli(['backup', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    return { dir, id: backupInfoSchema.parse(jsonOf(run)).id }
  }

  it('show prints a table of key, version, size and value, and the command for the next page, which works', async () => {
    const { dir, id } = await backedUpStore(12)
    const first = await runCli(['show', dir, id, '--prefix', 'task:', '--limit', '5'])
    expect(first.code, first.stderr).toBe(0)
    const lines = first.stdout.trim().split('\n')
    expect(lines[0]).toMatch(new RegExp(`^Backup ${id} · v1 · [\\d,]+ records · taken .* UTC \\(manual\\)$`))
    expect(lines[2]).toMatch(/^KEY\s+VERSION\s+BYTES\s+VALUE$/)
    const rows = lines.slice(3, 8)
    expect(rows).toHaveLength(5)
    for (const row of rows) expect(row).toMatch(/^task:task-\S+\s+v1\s+[\d.]+ (B|KB)\s+\{"/)
    expect(lines[8]).toBe('Next page:')
    const hint = lines[9]?.trim() ?? ''
    expect(hint).toMatch(new RegExp(`^meridian-admin show ${dir.replace(/[/.]/g, '\\$&')} ${id} --prefix task: --after task:task-\\S+ --limit 5$`))

    // Following the hints pages through all 12 tasks, each once, in order, ending with "(last page)".
    const keys = rows.map((row) => row.split(/\s+/)[0])
    let next: string | null = hint
    while (next) {
      const args: string[] = next.split(' ').slice(1)
      const page = await runCli(args)
      expect(page.code, page.stderr).toBe(0)
      const pageLines = page.stdout.trim().split('\n')
      keys.push(...pageLines.filter((line) => line.startsWith('task:')).map((line) => line.split(/\s+/)[0]))
      const at = pageLines.indexOf('Next page:')
      next = at >= 0 ? (pageLines[at + 1]?.trim() ?? null) : null
      if (!next) expect(pageLines.at(-1)).toBe('(last page)')
    }
    expect(keys).toHaveLength(12)
    expect([...keys].sort()).toEqual(keys)
    expect(new Set(keys).size).toBe(12)
  })

  it('show --json prints the page as store.records gives it, with the id and prefix; past the end it is empty', async () => {
    const { dir, id } = await backedUpStore(6)
    const run = await runCli(['show', dir, id, '--prefix', 'episode:', '--limit', '200', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const doc = jsonOf<Record<string, unknown>>(run)
    expect(doc).toMatchObject({ id, prefix: 'episode:', nextAfter: null })
    const page = recordsPageSchema.parse(doc)
    expect(page.records.length).toBeGreaterThan(0)
    expect(page.records.every((record) => record.key.startsWith('episode:'))).toBe(true)

    const beyond = await runCli(['show', dir, id, '--prefix', 'task:', '--after', 'task:zzz'])
    expect(beyond.code, beyond.stderr).toBe(0)
    expect(beyond.stdout).toContain('(no records)')
    expect(beyond.stdout).not.toContain('Next page')
  })

  it('compare prints the four counts and the changed fields of a migrated store, and --json the whole comparison', async () => {
    const { dir, id } = await backedUpStore(30)
    // With the example set, so the comparison shows a field dropped (spec_ref) as well as fields added.
    expect((await runCli(['migrate', dir, '--migrations', SPEC_REFS_SET])).code).toBe(0)
    const before = await snapshotDir(dir)

    const human = await runCli(['compare', dir, id, '--prefix', 'task:'])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toMatch(/^\s+Added\s+0\s/m)
    expect(human.stdout).toMatch(/^\s+Removed\s+0\s/m)
    expect(human.stdout).toMatch(/^\s+Changed\s+30\s/m)
    expect(human.stdout).toMatch(/^\s+Unchanged\s+0\s/m)
    expect(human.stdout).toContain('Changed (first 20 of 30):')
    expect(human.stdout).toMatch(/^ {2}task:task-\S+ {2}\(v1 -> v3\)$/m)
    expect(human.stdout).toMatch(/^ {4}\+ depends_on: \[.*\]$/m)
    expect(human.stdout).toMatch(/^ {4}- spec_ref: /m)
    expect(human.stdout).toContain('nothing was written')
    expect(human.stderr).toMatch(/Comparing: [\d,]+\/[\d,]+ \(100%\)/)

    const json = await runCli(['compare', dir, id, '--json'])
    expect(json.code, json.stderr).toBe(0)
    const result = backupComparisonSchema.parse(jsonOf(json))
    // Every task, the version and the history (which the migration created) changed or appeared; episodes did not.
    expect(result.counts).toMatchObject({ added: 1, removed: 0, changed: 31 })
    expect(result.added.map((record) => record.key)).toEqual(['_migration_history'])
    expect(result.changed.map((record) => record.key)).toContain('_schema_version')
    expect(result.counts.unchanged).toBeGreaterThan(0)
    expect(await snapshotDir(dir)).toEqual(before)
  })

  /** Runs each case with --json and checks exit 2 and the coded error. */
  async function expectRefused(cases: Array<[string[], string, RegExp]>): Promise<void> {
    for (const [args, code, message] of cases) {
      const run = await runCli([...args, '--json'])
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2)
      const { error } = jsonOf<ErrorDocument>(run)
      expect(error.code, args.join(' ')).toBe(code)
      expect(error.message).toMatch(message)
    }
  }

  it('exits 2 with INVALID_INPUT naming the option for a bad --limit or --prefix, changing nothing', async () => {
    const { dir, id } = await backedUpStore(4)
    const before = await snapshotDir(dir)
    await expectRefused([
      [['show', dir, id, '--limit', '0'], 'INVALID_INPUT', /--limit: "0" \(expected a whole number from 1 to 200\)/],
      [['show', dir, id, '--limit', 'ten'], 'INVALID_INPUT', /--limit: "ten"/],
      [['compare', dir, id, '--prefix', 'p'.repeat(257)], 'INVALID_INPUT', /--prefix: .*at most 256 characters/]
    ])
    const human = await runCli(['show', dir, id, '--limit', '201'])
    expect(human.code).toBe(2)
    expect(human.stderr).toMatch(/^✗ Invalid value for --limit: "201"/)
    expect(human.stdout).toBe('')
    expect(await snapshotDir(dir)).toEqual(before)
  })

  it('exits 2 for a cursor outside the prefix, a malformed id and a missing backup, changing nothing', async () => {
    const { dir, id } = await backedUpStore(4)
    const before = await snapshotDir(dir)
    await expectRefused([
      [['show', dir, id, '--prefix', 'task:', '--after', 'episode:x'], 'INVALID_INPUT', /not under the prefix "task:"/],
      [['compare', dir, '../backup_20240101_120000'], 'INVALID_INPUT', /Invalid value for ID/],
      [['compare', dir, 'backup_20000101_000000'], 'BACKUP_NOT_FOUND', /No backup backup_20000101_000000/]
    ])
    expect(await snapshotDir(dir)).toEqual(before)
  })

  it('exits 1 with BACKUP_CORRUPT for a damaged backup, showing and comparing nothing', async () => {
    const { dir, id } = await backedUpStore(40)
    await flipMiddleByte(await backupFile(`${dir}.backups`, id))
    for (const command of ['show', 'compare']) {
      const run = await runCli([command, dir, id, '--json'])
      expect(run.code, run.stderr).toBe(1)
      expect(jsonOf<ErrorDocument>(run).error).toEqual({ code: 'BACKUP_CORRUPT', message: `Backup ${id} is damaged: its checksum does not match` })
    }
    const human = await runCli(['compare', dir, id])
    expect(human.code).toBe(1)
    expect(human.stdout).not.toMatch(/Added|Changed/)
    expect(human.stderr).toContain('This backup file is damaged and cannot be trusted')
  })
})
