import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainLog, LogFile, mirrorConsole } from '../../../src/main/electron/log-file.ts'

const roots: string[] = []
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})
async function logFile(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-log-'))
  roots.push(root)
  return path.join(root, 'logs', 'main.log')
}

describe("the desktop app's log file", () => {
  it('gets every line the main process writes to stderr, with its time and level', async () => {
    const file = await logFile()
    const stderr: string[] = []
    const log = createMainLog(new LogFile(file), { write: (text: string) => stderr.push(text) }, () => new Date('2026-12-02T01:02:03.004Z'))
    log.info('Opened /data/a (from argument)')
    log.warn('Ignoring window-state.json: not JSON')
    log.error('Could not close the store cleanly: boom')
    expect(stderr).toEqual(['Opened /data/a (from argument)\n', 'Ignoring window-state.json: not JSON\n', 'Could not close the store cleanly: boom\n'])
    expect(await readFile(file, 'utf8')).toBe(
      [
        '2026-12-02T01:02:03.004Z INFO  Opened /data/a (from argument)',
        '2026-12-02T01:02:03.004Z WARN  Ignoring window-state.json: not JSON',
        '2026-12-02T01:02:03.004Z ERROR Could not close the store cleanly: boom',
        ''
      ].join('\n')
    )
    expect(log.file).toBe(file)
  })

  it('appends across restarts, and rotates to main.log.1 at its size bound', async () => {
    const file = await logFile()
    new LogFile(file, 100).append('first run')
    const second = new LogFile(file, 100)
    second.append('second run')
    expect(await readFile(file, 'utf8')).toBe('first run\nsecond run\n')
    for (let i = 0; i < 20; i++) second.append(`line ${i} of a longer run`)
    expect((await stat(file)).size).toBeLessThanOrEqual(100)
    expect((await stat(`${file}.1`)).size).toBeLessThanOrEqual(100)
    expect(await readFile(file, 'utf8')).toContain('line 19 of a longer run\n')
  })

  it('never stops the app when the file cannot be written: stderr still gets the line', async () => {
    const file = await logFile()
    const stderr: string[] = []
    // A log "file" whose folder is a file: every append fails.
    const blocked = path.join(file, 'inside-a-file.log')
    new LogFile(file).append('x')
    const failures: string[] = []
    const log = createMainLog(new LogFile(blocked, undefined, (message) => failures.push(message)), { write: (text: string) => stderr.push(text) })
    log.info('still told')
    log.info('and told again')
    expect(stderr).toEqual(['still told\n', 'and told again\n'])
    expect(failures).toEqual([expect.stringContaining(`Cannot write the log file ${blocked}`)])
  })

  it("also gets what the main process's modules report with console.error and console.warn", async () => {
    const file = await logFile()
    const stderr: string[] = []
    const target = { error: (..._data: unknown[]) => undefined, warn: (..._data: unknown[]) => undefined }
    const undo = mirrorConsole(target, createMainLog(new LogFile(file), { write: (text: string) => stderr.push(text) }))
    target.error('Refused %s from an untrusted sender:', 'store.info', 'https://evil.example/')
    target.warn('Ignoring recent-stores.json: not a list of recent stores')
    undo()
    target.error('after undo')
    expect(stderr).toEqual([
      'Refused store.info from an untrusted sender: https://evil.example/\n',
      'Ignoring recent-stores.json: not a list of recent stores\n'
    ])
    const lines = (await readFile(file, 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/ERROR Refused store\.info from an untrusted sender: https:\/\/evil\.example\/$/)
  })
})
