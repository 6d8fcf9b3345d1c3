import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settleInterruptedSwap, swapJournalPath } from '../../../../src/main/engine/store/directory-swap.ts'
import { KillTally, tempRoot, type ChildRun } from '../../../helpers/crash-harness.ts'
import { keys, keysOf, makeStore } from '../../../helpers/lettered-stores.ts'
import { fsState, type FsState } from '../../../helpers/fs-state.ts'

const CHILD = path.resolve(import.meta.dirname, '../../../helpers/swap-child.ts')
/** The points a kill there leaves store A in place: the journal, written after them, is what commits to B. */
const BEFORE_JOURNAL = new Set(['store-copy.file', 'swap.built'])

/** Runs swap-child.ts with fault injection on and every point traced, so a kill names the point it fell at. */
function runChild(args: readonly string[], faults: Record<string, string>): Promise<ChildRun & { point: string | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { ...process.env, MERIDIAN_ENABLE_FAULTS: '1', MERIDIAN_FAULT_TRACE: '1', ...faults },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const traced = [...stderr.matchAll(/^fault-point \d+ (\S+)$/gm)]
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, point: traced.at(-1)?.[1] ?? null })
    })
  })
}

describe('a directory swap killed with SIGKILL', () => {
  const swapTally = new KillTally('directory swap, every fault point')
  const settleTally = new KillTally('directory swap settle, every fault point')
  let root = ''
  /** `<root>/template/store`: store A with its extras; each trial copies the whole `template/` folder. */
  let template = ''
  let source = ''
  let sourceBefore: FsState = null
  let extras: Record<string, FsState> = {}

  beforeAll(async () => {
    root = await tempRoot()
    template = path.join(root, 'template')
    const dataDir = path.join(template, 'store')
    await makeStore(dataDir, keys('a', 100))
    await mkdir(path.join(dataDir, 'metrics', 'daily'), { recursive: true })
    await writeFile(path.join(dataDir, 'metrics', 'daily', 'm.json'), '{"opens": 3}\n')
    await writeFile(path.join(dataDir, 'notes.txt'), 'kept across swaps\n')
    source = path.join(root, 'source', 'store')
    await makeStore(source, keys('b', 50))
    sourceBefore = await fsState(source)
    extras = { metrics: await fsState(path.join(dataDir, 'metrics')), 'notes.txt': await fsState(path.join(dataDir, 'notes.txt')) }
  }, 60_000)

  afterAll(async () => {
    swapTally.report()
    settleTally.report()
    await rm(root, { recursive: true, force: true })
  })

  /** A fresh copy of the template: the parent folder holding `store` and nothing else. */
  async function freshTrial(label: string, from = template): Promise<string> {
    const parent = path.join(root, label)
    await cp(from, parent, { recursive: true })
    return parent
  }

  /**
   * What the next open sees once it has settled: exactly A's keys or exactly B's, every extra once, in the store,
   * and nothing beside it. Returns which store it is and what the settle did.
   */
  async function settleAndCheck(parent: string, label: string): Promise<{ store: 'A' | 'B'; outcome: string }> {
    const dataDir = path.join(parent, 'store')
    const outcome = await settleInterruptedSwap(dataDir, 'write')
    expect(await readdir(parent), `${label}: left beside the store`).toEqual(['store'])
    for (const [name, state] of Object.entries(extras)) expect(await fsState(path.join(dataDir, name)), `${label}: ${name}`).toEqual(state)
    const found = await keysOf(dataDir)
    const store = found.length === 100 && found[0] === 'a1' ? 'A' : 'B'
    expect(found, `${label}: neither A's keys nor B's`).toEqual(store === 'A' ? keys('a', 100) : keys('b', 50))
    return { store, outcome }
  }

  it('leaves exactly A or exactly B, every extra once and nothing beside it, killed at each fault point', async () => {
    for (let point = 1; point < 100; point++) {
      const label = `swap-at-${point}`
      const parent = await freshTrial(label)
      const run = await runChild(['swap', path.join(parent, 'store'), source], { MERIDIAN_FAULT_AT: String(point) })
      if (run.signal !== 'SIGKILL') {
        expect(run.code, `${label} exited without being killed: ${run.stdout}${run.stderr}`).toBe(0)
        expect((await settleAndCheck(parent, label)).store).toBe('B')
        expect(point - 1, 'the swap has no fault points').toBeGreaterThan(0)
        break
      }
      const { store, outcome } = await settleAndCheck(parent, label)
      const ok = store === (BEFORE_JOURNAL.has(run.point ?? '') ? 'A' : 'B')
      swapTally.record(ok, outcome === 'none' ? null : outcome)
      expect(ok, `${label} (${run.point}): store ${store}`).toBe(true)
      await rm(parent, { recursive: true, force: true })
    }
    expect(await fsState(source)).toEqual(sourceBefore)
  }, 300_000)

  it('leaves exactly A or exactly B when the settle that finishes a killed swap is itself killed at each of its points', async () => {
    for (let swapPoint = 1; swapPoint < 100; swapPoint++) {
      const killed = await freshTrial(`killed-at-${swapPoint}`)
      const run = await runChild(['swap', path.join(killed, 'store'), source], { MERIDIAN_FAULT_AT: String(swapPoint) })
      if (run.signal !== 'SIGKILL') break
      // Only a kill after the journal leaves anything for a settle to roll forward.
      if (!existsSync(swapJournalPath(path.join(killed, 'store')))) continue
      for (let point = 1; point < 100; point++) {
        const label = `settle-${swapPoint}-at-${point}`
        const parent = await freshTrial(label, killed)
        const settle = await runChild(['settle', path.join(parent, 'store')], { MERIDIAN_FAULT_AT: String(point) })
        if (settle.signal !== 'SIGKILL') {
          expect(settle.code, `${label} exited without being killed: ${settle.stdout}${settle.stderr}`).toBe(0)
          expect(JSON.parse(settle.stdout)).toEqual({ outcome: 'completed' })
          expect((await settleAndCheck(parent, label)).store).toBe('B')
          await rm(parent, { recursive: true, force: true })
          break
        }
        const { store, outcome } = await settleAndCheck(parent, label)
        settleTally.record(store === 'B', outcome === 'none' ? null : outcome)
        expect(store, `${label} (${settle.point})`).toBe('B')
        await rm(parent, { recursive: true, force: true })
      }
      await rm(killed, { recursive: true, force: true })
    }
    expect(await fsState(source)).toEqual(sourceBefore)
  }, 300_000)

  it('refuses with IO_ERROR and leaves exactly A, with nothing beside it, when the disk fills at any write before the journal', async () => {
    for (let write = 1; write < 100; write++) {
      const label = `full-at-${write}`
      const parent = await freshTrial(label)
      const run = await runChild(['swap', path.join(parent, 'store'), source], { MERIDIAN_FAULT_IO_AT: String(write) })
      const answer = JSON.parse(run.stdout) as { outcome?: string; error?: string }
      if (answer.outcome === 'swapped') {
        expect(write, 'the swap made no write').toBeGreaterThan(1)
        break
      }
      expect(answer.error, `${label}: ${run.stdout}`).toBe('IO_ERROR')
      // The failed swap cleaned up after itself: nothing is beside the store even before a settle, and A is whole.
      expect(await readdir(parent)).toEqual(['store'])
      expect((await settleAndCheck(parent, label)).store).toBe('A')
      await rm(parent, { recursive: true, force: true })
    }
  }, 300_000)

  it('names the journal it writes beside the store, not in it', async () => {
    const parent = await freshTrial('journal-name')
    const run = await runChild(['swap', path.join(parent, 'store'), source], { MERIDIAN_FAULT_AT: 'swap.journal' })
    expect(run.signal).toBe('SIGKILL')
    const journal = JSON.parse(await readFile(swapJournalPath(path.join(parent, 'store')), 'utf8')) as { pid: number }
    expect(path.dirname(swapJournalPath(path.join(parent, 'store')))).toBe(parent)
    expect((await readdir(parent)).sort()).toEqual(['.store.swap.json', `.store.incoming-${journal.pid}`, 'store'].sort())
    await rm(parent, { recursive: true, force: true })
  })
})
