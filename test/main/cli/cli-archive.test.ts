import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema, restoreResultSchema } from '../../../src/shared/backup.ts'
import { migrateResultSchema } from '../../../src/shared/migration-result.ts'
import { contentOf, listDir, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

describe('meridian-admin archive', () => {
  const temp = useTempStores()

  /** A v1 demo store migrated to v2, its pre-migration checkpoint, and its content before the migration. */
  async function migrated(): Promise<{ dir: string; checkpointId: string; before: Record<string, string> }> {
    const dir = path.join(await temp.root(), 'store')
    expect((await runCli(['demo', dir, '--count', '200', '--version', '1'])).code).toBe(0)
    const before = contentOf(await snapshotDir(dir))
    const run = await runCli(['migrate', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    return { dir, checkpointId: migrateResultSchema.parse(jsonOf(run)).backupId ?? '', before }
  }

  it('writes the portable archive of a migration’s checkpoint, which restores the store as it was before the migration', async () => {
    const { dir, checkpointId, before } = await migrated()
    const run = await runCli(['archive', dir, checkpointId, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const archive = backupInfoSchema.parse(jsonOf(run))
    expect(archive).toMatchObject({ kind: 'archive', reason: 'pre-migration', schemaVersion: 1 })
    expect((await listDir(`${dir}.backups`)).sort()).toEqual([`${archive.id}.mbak`, `${checkpointId}.checkpoint`].sort())
    const listed = jsonOf<Array<{ id: string; kind: string }>>(await runCli(['backups', dir, '--json']))
    expect(listed.map(({ id, kind }) => `${kind} ${id}`).sort()).toEqual([`archive ${archive.id}`, `checkpoint ${checkpointId}`].sort())
    const restore = await runCli(['restore', dir, archive.id, '--yes', '--json'])
    expect(restore.code, restore.stderr).toBe(0)
    expect(restoreResultSchema.parse(jsonOf(restore)).method).toBe('rebuild')
    expect(contentOf(await snapshotDir(dir))).toEqual(before)
  })

  it('says what it wrote, of which checkpoint, and that the checkpoint is kept', async () => {
    const { dir, checkpointId } = await migrated()
    const run = await runCli(['archive', dir, checkpointId])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`✓ Archive written: ${checkpointId}_2, of checkpoint ${checkpointId}`))
    // 200 tasks and their episodes, tags and schema keys: every entry of the store.
    expect(run.stdout).toMatch(/\n {2}\d[\d,]* records, /)
    expect(run.stdout).toContain('the checkpoint is kept')
  })

  it('refuses an archive’s id and a malformed id (exit 2, INVALID_INPUT naming the problem), leaving the store and its backups as they were', async () => {
    const { dir, checkpointId } = await migrated()
    const archive = backupInfoSchema.parse(jsonOf(await runCli(['archive', dir, checkpointId, '--json'])))
    const store = await snapshotDir(dir)
    const backups = await listDir(`${dir}.backups`)
    const ofArchive = await runCli(['archive', dir, archive.id, '--json'])
    expect(ofArchive.code).toBe(2)
    expect(jsonOf<{ error: { code: string; message: string } }>(ofArchive).error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('is an archive already')
    })
    const malformed = await runCli(['archive', dir, 'yesterday'])
    expect(malformed.code).toBe(2)
    expect(malformed.stderr).toContain('ID')
    const missing = await runCli(['archive', dir, 'backup_20200101_000000', '--json'])
    expect(missing.code).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(missing).error.code).toBe('BACKUP_NOT_FOUND')
    expect(await snapshotDir(dir)).toEqual(store)
    expect(await listDir(`${dir}.backups`)).toEqual(backups)
  })
})
