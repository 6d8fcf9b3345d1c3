import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { runFaulty } from '../../helpers/crash-harness.ts'
import { contentOf, listDir, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { BIN, jsonOf, runCli, type CliRun } from './run-cli.ts'

/**
 * Two stores whose backups go to one folder (--backup-dir), each driven by real CLI processes, as people do with
 * one backups folder for everything.
 */
describe('meridian-admin with two stores sharing one backup folder', () => {
  const temp = useTempStores()

  async function setUp(countA = 300, countB = 500): Promise<{ a: string; b: string; shared: string; cli: (args: string[]) => Promise<CliRun> }> {
    const root = await temp.root()
    const [a, b, shared] = [path.join(root, 'a'), path.join(root, 'b'), path.join(root, 'backups')]
    expect((await runCli(['demo', a, '--count', String(countA), '--version', '1'])).code).toBe(0)
    expect((await runCli(['demo', b, '--count', String(countB), '--version', '1', '--seed', '7'])).code).toBe(0)
    const cli = (args: string[]): Promise<CliRun> => runCli([...args, '--backup-dir', shared])
    return { a, b, shared, cli }
  }

  async function backupOf(cli: (args: string[]) => Promise<CliRun>, dir: string): Promise<string> {
    const run = await cli(['backup', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    return backupInfoSchema.parse(jsonOf(run)).id
  }

  /** The backup matches its store key for key (compare writes nothing). */
  async function expectHoldsItsStore(cli: (args: string[]) => Promise<CliRun>, dir: string, id: string): Promise<void> {
    const run = await cli(['compare', dir, id, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(jsonOf<{ counts: Record<string, number> }>(run).counts).toMatchObject({ added: 0, removed: 0, changed: 0 })
  }

  it('gives concurrent backups of the two stores distinct ids, each file holding its own store’s records', async () => {
    const { a, b, cli } = await setUp()
    const ids: string[] = []
    for (let round = 0; round < 3; round++) {
      const [ofA, ofB] = await Promise.all([backupOf(cli, a), backupOf(cli, b)])
      expect(ofA).not.toBe(ofB)
      await expectHoldsItsStore(cli, a, ofA)
      await expectHoldsItsStore(cli, b, ofB)
      ids.push(ofA, ofB)
    }
    expect(new Set(ids).size).toBe(6)
  })

  it('lists only the store’s own backups and says how many of the other store’s it left out', async () => {
    const { a, b, cli } = await setUp()
    const ofA = await backupOf(cli, a)
    await backupOf(cli, b)
    await backupOf(cli, b)
    const json = await cli(['backups', a, '--json'])
    expect(jsonOf<Array<{ id: string }>>(json).map((backup) => backup.id)).toEqual([ofA])
    const human = await cli(['backups', a])
    expect(human.stdout).toContain(ofA)
    expect(human.stdout).toContain('2 backups of other stores sharing this folder are not listed.')
  })

  it('refuses to restore the other store’s backup with BACKUP_OF_ANOTHER_STORE (exit 2), leaving the store as it was', async () => {
    const { a, b, shared, cli } = await setUp()
    const ofB = await backupOf(cli, b)
    const before = await snapshotDir(a)
    const run = await cli(['restore', a, ofB, '--yes', '--json'])
    expect(run.code, run.stderr).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(run).error.code).toBe('BACKUP_OF_ANOTHER_STORE')
    expect(await snapshotDir(a)).toEqual(before)
    expect(await listDir(shared)).toEqual([`${ofB}.mbak`])
  })

  it('a migration of one store cancelled while the other backs up leaves it exactly as before, with its own data', async () => {
    const { a, b, shared, cli } = await setUp(40_000, 20_000)
    const before = contentOf(await snapshotDir(a))
    // Fault tracing names each point as it is reached (nothing is injected): A is cancelled once its pass wrote a batch.
    const env = { ...process.env, MERIDIAN_ENABLE_FAULTS: '1', MERIDIAN_FAULT_TRACE: '1' }
    const child = spawn(process.execPath, [BIN, 'migrate', a, '--json', '--backup-dir', shared], { stdio: ['pipe', 'pipe', 'pipe'], env })
    let stderr = ''
    let otherBackups: Promise<string[]> | null = null
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      // B's backups start with A's, in the same seconds.
      otherBackups ??= Promise.all([backupOf(cli, b), backupOf(cli, b)])
      if (/fault-point \d+ batch\.after/.test(stderr) && !child.killed) child.kill('SIGINT')
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code, stderr).toBe(1)
    expect(contentOf(await snapshotDir(a))).toEqual(before)
    for (const id of await (otherBackups ?? Promise.resolve([]))) await expectHoldsItsStore(cli, b, id)
    const history = jsonOf<Array<{ status?: string }>>(await cli(['history', a, '--json']))
    // On a failure, the entry (its error) and the end of the run's output say why it was not a cancel.
    expect(history.at(-1)?.status, `${JSON.stringify(history.at(-1))}\n${stderr.slice(-3000)}`).toBe('cancelled')
  })

  it('recovers a store killed mid-migration from its own backup only, while the other store’s are newer', async () => {
    const { a, b, shared, cli } = await setUp(2_000, 500)
    const before = contentOf(await snapshotDir(a))
    // Killed once the first batch of the pass has landed: the store is part-migrated, its note names its backup.
    const killed = await runFaulty(['migrate', a, '--json', '--backup-dir', shared], { MERIDIAN_FAULT_AT: 'batch.after' })
    expect(killed.signal, killed.stderr).toBe('SIGKILL')
    const ofB = [await backupOf(cli, b), await backupOf(cli, b)]
    const status = await cli(['status', a, '--json'])
    expect(status.code, status.stderr).toBe(0)
    const recovery = jsonOf<{ recovery: { outcome: string; message: string } }>(status).recovery
    expect(recovery).toMatchObject({ outcome: 'reverted' })
    expect(contentOf(await snapshotDir(a))).toEqual(before)
    const from = /\(from (backup_[0-9_]+)\)/.exec(recovery.message)?.[1]
    const ofA = jsonOf<Array<{ id: string; reason: string }>>(await cli(['backups', a, '--json']))
    expect(ofA.filter((backup) => backup.reason === 'pre-migration').map((backup) => backup.id)).toEqual([from])
    expect(ofB).not.toContain(from)
  })

  it('prune of one store keeps its backup that the other store’s killed restore pinned; recovery then completes that restore', async () => {
    const { a, b, shared, cli } = await setUp()
    const [oldest, needed] = [await backupOf(cli, b), await backupOf(cli, b)]
    await backupOf(cli, b)
    // Killed just after its note is written: the note names B's backup as the restore's source.
    const killed = await runFaulty(['restore', a, needed, '--yes', '--any-store', '--json', '--backup-dir', shared], {
      MERIDIAN_FAULT_AT: 'operation.restore.applying'
    })
    expect(killed.signal, killed.stderr).toBe('SIGKILL')
    expect((await listDir(shared)).filter((name) => name.endsWith('.needed'))).toHaveLength(2)

    const pruned = await cli(['prune', b, '--keep', '0', '--older-than', '0h', '--json'])
    expect(pruned.code, pruned.stderr).toBe(0)
    const result = jsonOf<{ deleted: Array<{ id: string }>; reasons: Record<string, string> }>(pruned)
    expect(result.deleted.map((backup) => backup.id)).toEqual([oldest])
    expect(result.reasons[needed]).toBe('needed by an interrupted operation')

    const status = await cli(['status', a, '--json'])
    expect(jsonOf<{ recovery: { outcome: string } }>(status).recovery).toMatchObject({ outcome: 'completed' })
    expect(contentOf(await snapshotDir(a))).toEqual(contentOf(await snapshotDir(b)))
    expect((await listDir(shared)).filter((name) => name.endsWith('.needed'))).toEqual([])
  })
})
