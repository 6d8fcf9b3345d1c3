import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { describe, expect, it } from 'vitest'
import { useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

interface ErrorDocument {
  error: { code: string; message: string }
}

describe('meridian-admin usage and bad input', () => {
  const temp = useTempStores()

  it('prints the help with every command and exits 0', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    for (const command of ['status', 'migrate', 'history', 'backups', 'backup', 'verify', 'restore', 'demo']) {
      expect(run.stdout).toContain(command)
    }
    expect(run.stdout).toContain('--backup-dir')
    expect(run.stdout).toContain('--json')
  })

  it('prints its version with --version or -V (as JSON with --json), while demo keeps its own --version option', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` })
    expect(await runCli(['-V'])).toMatchObject({ code: 0, stdout: `${version}\n` })
    expect(jsonOf(await runCli(['--version', '--json']))).toEqual({ version })
    const dir = path.join(await temp.root(), 'store')
    const demo = await runCli(['demo', dir, '--version', '2', '--count', '1'])
    expect(demo.code, demo.stderr).toBe(0)
    expect(demo.stdout).toContain('1 task (v2') // the record version, not the tool's
  })

  it("lists the global options in every command's help", async () => {
    for (const command of ['status', 'migrate', 'restore', 'show']) {
      const help = await runCli([command, '--help'])
      expect(help.code).toBe(0)
      for (const option of ['--json', '--backup-dir', '--migrations']) expect(help.stdout, `${command} --help`).toContain(option)
    }
  })

  it('exits 2 on an unknown command, naming it on stderr', async () => {
    const run = await runCli(['frobnicate', '/tmp/x'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("unknown command 'frobnicate'")
    expect(run.stdout).toBe('')
  })

  it('exits 2 with a JSON INVALID_INPUT error on an unknown command under --json', async () => {
    const run = await runCli(['--json', 'frobnicate'])
    expect(run.code).toBe(2)
    expect(jsonOf<ErrorDocument>(run).error.code).toBe('INVALID_INPUT')
  })

  it('exits 2 when a required argument is missing', async () => {
    const run = await runCli(['status'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("missing required argument 'DIR'")
  })

  it('reports DATA_DIR_NOT_FOUND as JSON with exit 2 for a missing directory, and does not create it', async () => {
    const dir = path.join(await temp.root(), 'nothing-here')
    const run = await runCli(['status', dir, '--json'])
    expect(run.code).toBe(2)
    const document = jsonOf<ErrorDocument>(run)
    expect(document.error.code).toBe('DATA_DIR_NOT_FOUND')
    expect(document.error.message).toContain(dir)
    expect(Object.keys(document)).toEqual(['error'])
    expect(existsSync(dir)).toBe(false)
    expect(existsSync(`${dir}.backups`)).toBe(false)
    expect(run.stderr).toMatch(/^✗ Data directory not found: .*\n.*\[DATA_DIR_NOT_FOUND\]\n$/)
  })

  it('exits 2 with NOT_A_DATABASE for an empty directory, and writes nothing into it', async () => {
    const dir = path.join(await temp.root(), 'empty')
    await mkdir(dir)
    const run = await runCli(['history', dir, '--json'])
    expect(run.code).toBe(2)
    expect(jsonOf<ErrorDocument>(run).error.code).toBe('NOT_A_DATABASE')
    expect(existsSync(path.join(dir, 'CURRENT'))).toBe(false)
  })

  it('exits 2 with NOT_A_DIRECTORY when pointed at a file', async () => {
    const file = path.join(await temp.root(), 'file.txt')
    await writeFile(file, 'hello')
    const run = await runCli(['status', file, '--json'])
    expect(run.code).toBe(2)
    expect(jsonOf<ErrorDocument>(run).error.code).toBe('NOT_A_DIRECTORY')
  })

  it('exits 2 with INVALID_INPUT naming --count when the count is not a number', async () => {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli(['demo', dir, '--count', 'abc', '--json'])
    expect(run.code).toBe(2)
    const { error } = jsonOf<ErrorDocument>(run)
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('--count')
    expect(existsSync(dir)).toBe(false)
  })

  it.each([
    [['demo', 'DIR', '--count', '0'], '--count'],
    [['demo', 'DIR', '--count', '10', '--version', '4'], '--version'],
    [['demo', 'DIR', '--count', '10', '--seed', '1.5'], '--seed'],
    [['migrate', 'DIR', '--to', 'three'], '--to'],
    [['verify', 'DIR', '../etc/passwd'], 'ID']
  ])('exits 2 with INVALID_INPUT for %j, naming %s', async (args, option) => {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli([...args.map((arg) => (arg === 'DIR' ? dir : arg)), '--json'])
    expect(run.code).toBe(2)
    const { error } = jsonOf<ErrorDocument>(run)
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain(option)
  })

  it('shows another process holding the store in status, and exits 2 with STORE_IN_USE, mentioning Meridian, when asked to migrate', async () => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '20'])).code).toBe(0)
    const holder = new ClassicLevel(dir) // this test's own process: "another process" to the CLI
    await holder.open()
    try {
      const status = await runCli(['status', dir, '--json'])
      expect(status.code, status.stderr).toBe(0)
      expect(jsonOf<{ inUseBy: Array<{ pid: number }> }>(status).inUseBy.map((found) => found.pid)).toEqual([process.pid])
      const run = await runCli(['migrate', dir, '--json'])
      expect(run.code).toBe(2)
      expect(jsonOf<ErrorDocument>(run).error).toEqual({ code: 'STORE_IN_USE', message: expect.stringContaining(`pid ${process.pid} (`) })
      expect((await runCli(['migrate', dir])).stderr).toContain('Meridian itself, most likely')
    } finally {
      await holder.close()
    }
  })

  it('refuses to write a demo over a store that already holds data (exit 2)', async () => {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '5'])).code).toBe(0)
    const run = await runCli(['demo', dir, '--count', '5', '--json'])
    expect(run.code).toBe(2)
    expect(jsonOf<ErrorDocument>(run).error.code).toBe('INVALID_INPUT')
  })
})
