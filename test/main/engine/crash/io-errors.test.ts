import { describe, expect, it } from 'vitest'
import { copyStore, removeTrial, reopenAndCheck, runFaulty } from '../../../helpers/crash-harness.ts'
import { useCrashSuite } from '../../../helpers/crash-scenarios.ts'

/**
 * Fails the n-th write (backup file chunk, store batch, operation note, commit) with ENOSPC for n = 1, 2, …
 * until the operation gets through: each failure must end with IO_ERROR and the store exactly as before.
 */
async function failEachWrite(root: string, name: string, template: string, args: (dir: string) => string[], before: string, after: string) {
  const figures = { failed: 0, intact: 0 }
  for (let write = 1; write < 300; write++) {
    const dataDir = await copyStore(template, root, `${name}-io-${write}`)
    try {
      const run = await runFaulty(args(dataDir), { MERIDIAN_FAULT_IO_AT: String(write) })
      const { hash } = await reopenAndCheck(dataDir)
      if (run.code === 0) {
        expect(hash).toBe(after)
        console.log(`${name}: a disk-full error at each of its ${write - 1} writes: ${figures.intact} of ${figures.failed} left the store as before`)
        return
      }
      figures.failed++
      const error = JSON.parse(run.stdout).error as { code: string; message: string }
      expect(error.code, `${name}, write ${write}: ${error.message}`).toBe('IO_ERROR')
      expect(error.message).toMatch(/no space left/i)
      if (hash === before) figures.intact++
      expect(hash, `${name} failing at write ${write} changed the store`).toBe(before)
    } finally {
      await removeTrial(dataDir)
    }
  }
  throw new Error(`${name} never got through`)
}

describe('a disk that fails a write (injected ENOSPC)', () => {
  const suite = useCrashSuite()
  it('ends a migration with IO_ERROR and the store as before, at every write it makes', async () => {
    const templates = suite.templates()
    await failEachWrite(suite.root(), 'migrate', templates.v1, (dir) => ['migrate', dir, '--json'], templates.v1Hash, templates.migratedHash)
  }, 600_000)

  it('ends a restore with IO_ERROR and the store as before, at every write it makes', async () => {
    const templates = suite.templates()
    await failEachWrite(
      suite.root(),
      'restore',
      templates.migrated,
      (dir) => ['restore', dir, templates.backupId, '--yes', '--json'],
      templates.migratedHash,
      templates.v1Hash
    )
  }, 600_000)

  it('ends a backup with IO_ERROR, the store untouched and no damaged backup listed, at every write it makes', async () => {
    const templates = suite.templates()
    await failEachWrite(suite.root(), 'backup', templates.migrated, (dir) => ['backup', dir, '--json'], templates.migratedHash, templates.migratedHash)
  }, 600_000)
})
