import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { removeStaleSnapshots } from '../../../../src/main/engine/store/stale-snapshots.ts'
import { putAll, useTempStores } from '../../../helpers/temp-store.ts'

const HOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../helpers/hold-snapshot.ts')
const temp = useTempStores()

/**
 * A real child process holding a read snapshot of `dataDir`, taken in `tmp` (its TMPDIR: a folder of this test's
 * own, so no other test's sweep reaches it).
 */
async function childHoldingSnapshot(dataDir: string, tmp: string): Promise<{ child: ChildProcess; snapshotDir: string }> {
  const child = fork(HOLDER, [dataDir], { execArgv: ['--import', 'tsx'], env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const snapshotDir = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => {
      const dir = (message as { snapshotDir: string | null }).snapshotDir
      if (dir) resolve(dir)
      else reject(new Error('the child opened no snapshot'))
    })
    child.once('exit', (code) => reject(new Error(`the child exited first (${code})`)))
  })
  return { child, snapshotDir }
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

it('removes the read snapshot a process killed with SIGKILL left, and keeps that of a process still running', async () => {
  const store = await temp.newStore()
  await putAll(store.db, [['task:a', '{}']])
  await store.close()
  const tmp = path.join(await temp.root(), 'tmp')
  await mkdir(tmp)

  const dead = await childHoldingSnapshot(store.dataDir, tmp)
  const alive = await childHoldingSnapshot(store.dataDir, tmp)
  try {
    await killed(dead.child)
    for (const { snapshotDir } of [dead, alive]) {
      expect(path.dirname(snapshotDir)).toBe(tmp)
      expect(path.basename(snapshotDir)).toMatch(/^meridian-admin-snapshot-\d+-/)
      expect(existsSync(snapshotDir)).toBe(true)
    }
    expect(await removeStaleSnapshots(tmp)).toEqual([dead.snapshotDir])
    expect(existsSync(dead.snapshotDir)).toBe(false)
    expect(existsSync(alive.snapshotDir)).toBe(true)
  } finally {
    await killed(alive.child)
  }
  // Once it is gone too, so is its snapshot.
  expect(await removeStaleSnapshots(tmp)).toEqual([alive.snapshotDir])
})
