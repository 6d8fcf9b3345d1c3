import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { mulberry32 } from '../../../src/main/demo/random.ts'
import { hexOf, snapshotDir, useTempStores, type Snapshot } from '../../helpers/temp-store.ts'
import { BIN, jsonOf, runCli, type CliRun } from './run-cli.ts'

const HISTORY_HEX = hexOf('_migration_history')
const ADMIN_HEX = hexOf('_admin:')
const content = (snapshot: Snapshot): Snapshot =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== HISTORY_HEX && !key.startsWith(ADMIN_HEX)))
const same = (a: Snapshot, b: Snapshot): boolean => JSON.stringify(a) === JSON.stringify(b)

const ROUNDS = 8
const seed = Number(process.env.MERIDIAN_SHARED_SEED ?? Math.floor(Math.random() * 2 ** 31))

interface Round {
  cancelAfterMs: number
  /** null: SIGINT ended the process before its handler was installed */
  exitCode: number | null
  /** The signal that ended the process, when one did: SIGINT above, anything else is a fault of its own. */
  signal: NodeJS.Signals | null
  faults: string[]
}

/**
 * The attack that broke shared folders, repeated: store A's migration is interrupted with SIGINT at a seeded moment
 * while store B, whose backups go to the same folder, backs up twice and prunes down to one. A round holds when A
 * ends exactly as it was (cancelled) or migrated with a pre-migration backup that restores it to exactly as it was,
 * every backup B took holds B's records, and A's backups survive B's prune.
 */
describe('meridian-admin with two stores sharing one backup folder, round after round', () => {
  const temp = useTempStores()

  it(`holds in every one of ${ROUNDS} seeded rounds of a cancelled migration racing the other store's backups and prune`, async () => {
    const root = await temp.root()
    const [a, b, shared] = [path.join(root, 'a'), path.join(root, 'b'), path.join(root, 'backups')]
    expect((await runCli(['demo', a, '--count', '10000', '--version', '1'])).code).toBe(0)
    expect((await runCli(['demo', b, '--count', '5000', '--version', '1', '--seed', '7'])).code).toBe(0)
    const cli = (args: string[]): Promise<CliRun> => runCli([...args, '--backup-dir', shared])
    const beforeA = content(await snapshotDir(a))
    const beforeB = content(await snapshotDir(b))
    const random = mulberry32(seed)
    const rounds: Round[] = []
    const idsOfA = new Set<string>()

    for (let i = 0; i < ROUNDS; i++) {
      const round: Round = { cancelAfterMs: Math.round(300 + 2_500 * random()), exitCode: null, signal: null, faults: [] }
      const fault = (what: string): number => round.faults.push(what)
      const child = spawn(process.execPath, [BIN, 'migrate', a, '--json', '--backup-dir', shared], { stdio: ['ignore', 'pipe', 'pipe'] })
      let childErr = ''
      child.stderr.on('data', (chunk: Buffer) => (childErr += chunk.toString()))
      const timer = setTimeout(() => child.kill('SIGINT'), round.cancelAfterMs)
      const ofB = (async () => {
        const ids: string[] = []
        for (let n = 0; n < 2; n++) {
          const run = await cli(['backup', b, '--json'])
          if (run.code === 0) ids.push(backupInfoSchema.parse(jsonOf(run)).id)
          else fault(`B's backup ended ${run.code}: ${run.stderr.trim()}`)
        }
        const prune = await cli(['prune', b, '--keep', '1', '--older-than', '0h', '--json'])
        if (prune.code !== 0) fault(`B's prune ended ${prune.code}: ${prune.stderr.trim()}`)
        return ids
      })()
      // A SIGINT before the CLI has set up its handler ends the process by the signal (exit code null).
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...ended) => resolve(ended)))
      round.exitCode = code
      round.signal = signal
      if (signal !== null && signal !== 'SIGINT') fault(`A's migration died of ${signal}: ${childErr.trim().split('\n').slice(-3).join(' | ')}`)
      clearTimeout(timer)
      const idsOfB = await ofB

      const afterA = content(await snapshotDir(a))
      if (round.exitCode === 0) {
        // It finished before the cancel: its own pre-migration backup must bring it back exactly.
        const backups = jsonOf<Array<{ id: string; reason: string }>>(await cli(['backups', a, '--json']))
        const net = backups.find((backup) => backup.reason === 'pre-migration') // newest first
        if (!net) fault('A migrated, and no pre-migration backup of A is listed')
        else {
          const restore = await cli(['restore', a, net.id, '--yes', '--json'])
          if (restore.code !== 0) fault(`restoring A's pre-migration backup ended ${restore.code}: ${restore.stderr.trim()}`)
          if (!same(content(await snapshotDir(a)), beforeA)) fault(`A's pre-migration backup ${net.id} did not hold A as it was`)
        }
      } else if (round.exitCode === 1 || round.exitCode === null) {
        if (!same(afterA, beforeA))
          fault(`A was cancelled and is not exactly as it was; its migration said: ${childErr.trim().split('\n').slice(-3).join(' | ')}`)
      } else fault(`A's migration ended ${round.exitCode}`)

      // B's prune kept its newest; each backup B still has must hold B exactly.
      const listedB = jsonOf<Array<{ id: string }>>(await cli(['backups', b, '--json'])).map((backup) => backup.id)
      for (const id of idsOfB.filter((id) => listedB.includes(id))) {
        const compare = await cli(['compare', b, id, '--json'])
        const counts = compare.code === 0 ? jsonOf<{ counts: Record<string, number> }>(compare).counts : null
        if (!counts || counts.added !== 0 || counts.removed !== 0 || counts.changed !== 0) fault(`B's backup ${id} does not hold B`)
      }
      if (!idsOfB.some((id) => listedB.includes(id))) fault('B kept none of its own backups')
      if (!same(content(await snapshotDir(b)), beforeB)) fault('B changed')
      // No prune ran on A: every backup A ever had is still listed, whatever B's prune deleted.
      const listedA = jsonOf<Array<{ id: string }>>(await cli(['backups', a, '--json'])).map((backup) => backup.id)
      for (const id of idsOfA) if (!listedA.includes(id)) fault(`A's backup ${id} is gone`)
      for (const id of listedA) idsOfA.add(id)
      rounds.push(round)
    }

    const held = rounds.filter((round) => round.faults.length === 0).length
    const outcomes = rounds.map((round) => (round.exitCode === 0 ? 'migrated' : round.exitCode === 1 ? 'cancelled' : 'stopped at start')).join(', ')
    console.log(`shared backup folder: ${held} / ${ROUNDS} rounds held (MERIDIAN_SHARED_SEED=${seed}; ${outcomes})`)
    expect(
      rounds.filter((round) => round.faults.length > 0),
      `seed ${seed}`
    ).toEqual([])
  }, 300_000)
})
