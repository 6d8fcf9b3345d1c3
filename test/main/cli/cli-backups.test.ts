import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema, restoreResultSchema, verifyReportSchema } from '../../../src/shared/backup.ts'
import { contentOf, listDir, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'
import { backupFile, flipMiddleByte, jsonOf, runCli } from './run-cli.ts'

describe('meridian-admin backups, backup, verify and restore', () => {
  const temp = useTempStores()

  async function demoStore(count = 60): Promise<string> {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli(['demo', dir, '--count', String(count), '--version', 'mixed', '--legacy-backup'])
    expect(run.code, run.stderr).toBe(0)
    return dir
  }

  async function takeBackup(dir: string, ...extra: string[]): Promise<string> {
    const run = await runCli(['backup', dir, '--json', ...extra])
    expect(run.code, run.stderr).toBe(0)
    return backupInfoSchema.parse(jsonOf(run)).id
  }

  it('lists no backup files (only the store’s in-store one) without creating the backup folder', async () => {
    const dir = await demoStore(10)
    const run = await runCli(['backups', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(jsonOf<Array<{ kind: string }>>(run).map((backup) => backup.kind)).toEqual(['in-store'])
    expect(existsSync(`${dir}.backups`)).toBe(false)
  })

  it('takes a manual backup beside the store and lists it with id, time, version, records, bytes and reason', async () => {
    const dir = await demoStore()
    const id = await takeBackup(dir)
    expect(await listDir(`${dir}.backups`)).toHaveLength(1)
    const run = await runCli(['backups', dir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const backups = backupInfoSchema.array().parse(jsonOf<Array<{ kind: string }>>(run).filter((backup) => backup.kind !== 'in-store'))
    expect(backups).toHaveLength(1)
    expect(backups[0]).toMatchObject({ id, schemaVersion: 1, reason: 'manual' })
    expect(Object.keys(jsonOf<object[]>(run)[0] ?? {}).sort()).toEqual([
      'bytes',
      'createdAt',
      'diskBytes',
      'id',
      'kind',
      'reason',
      'records',
      'schemaVersion',
      'verified'
    ])
    expect(backups[0]).toMatchObject({ kind: 'archive', verified: true })
    expect(backups[0]?.records).toBeGreaterThan(60)
    expect(backups[0]?.bytes).toBeGreaterThan(0)

    const human = await runCli(['backups', dir])
    expect(human.stdout).toContain(id)
    expect(human.stdout).toContain('manual')
  })

  it('puts backups in --backup-dir when given', async () => {
    const dir = await demoStore(10)
    const elsewhere = path.join(await temp.root(), 'my-backups')
    const id = await takeBackup(dir, '--backup-dir', elsewhere)
    expect(existsSync(`${dir}.backups`)).toBe(false)
    expect(await backupFile(elsewhere, id)).toContain(elsewhere)
    const listed = jsonOf<Array<{ id: string; kind: string }>>(await runCli(['--backup-dir', elsewhere, 'backups', dir, '--json']))
    expect(listed.filter((backup) => backup.kind !== 'in-store').map((backup) => backup.id)).toEqual([id])
  })

  it('verifies an intact backup (exit 0, ok: true)', async () => {
    const dir = await demoStore()
    const id = await takeBackup(dir)
    const run = await runCli(['verify', dir, id, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(verifyReportSchema.parse(jsonOf(run))).toMatchObject({ id, ok: true, problem: null })
  })

  it('catches one flipped byte in a backup file: verify exits 1 with ok: false, and restore refuses it', async () => {
    const dir = await demoStore()
    const id = await takeBackup(dir)
    await flipMiddleByte(await backupFile(`${dir}.backups`, id))
    const before = await snapshotDir(dir)

    const verify = await runCli(['verify', dir, id, '--json'])
    expect(verify.code).toBe(1)
    const report = verifyReportSchema.parse(jsonOf(verify))
    expect(report.ok).toBe(false)
    expect(report.problem).toBeTruthy()
    expect((await runCli(['verify', dir, id])).stdout).toContain(`✗ Backup ${id} is corrupt`)

    const restore = await runCli(['restore', dir, id, '--yes', '--json'])
    expect(restore.code).toBe(1)
    expect(jsonOf<{ error: { code: string } }>(restore).error.code).toBe('BACKUP_CORRUPT')
    expect(contentOf(await snapshotDir(dir))).toEqual(contentOf(before))
  })

  it('exits 2 with BACKUP_NOT_FOUND for an id that has no backup', async () => {
    const dir = await demoStore(10)
    const run = await runCli(['verify', dir, 'backup_20200101_000000', '--json'])
    expect(run.code).toBe(2)
    expect(jsonOf<{ error: { code: string } }>(run).error.code).toBe('BACKUP_NOT_FOUND')
  })

  it('refuses to restore without --yes when there is no terminal to ask on (exit 2), changing nothing', async () => {
    const dir = await demoStore()
    const id = await takeBackup(dir)
    expect((await runCli(['migrate', dir])).code).toBe(0)
    const before = await snapshotDir(dir)
    const backupsBefore = await listDir(`${dir}.backups`)

    const run = await runCli(['restore', dir, id, '--json'])
    expect(run.code).toBe(2)
    const { error } = jsonOf<{ error: { code: string; message: string } }>(run)
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('--yes')
    expect(await snapshotDir(dir)).toEqual(before)
    expect(await listDir(`${dir}.backups`)).toEqual(backupsBefore)
  })

  it('restores the exact earlier content with --yes (history aside) and takes a pre-restore backup first', async () => {
    const dir = await demoStore()
    const earlier = await snapshotDir(dir)
    const id = await takeBackup(dir)
    expect((await runCli(['migrate', dir])).code).toBe(0)
    expect(contentOf(await snapshotDir(dir))).not.toEqual(contentOf(earlier))

    const run = await runCli(['restore', dir, id, '--yes', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = restoreResultSchema.parse(jsonOf(run))
    expect(result).toMatchObject({ backupId: id, fromVersion: 2, toVersion: 1 })
    expect(contentOf(await snapshotDir(dir))).toEqual(contentOf(earlier))

    const backups = jsonOf<Array<{ id: string; reason: string }>>(await runCli(['backups', dir, '--json']))
    expect(backups.find((backup) => backup.id === result.preRestoreBackupId)?.reason).toBe('pre-restore')
    const history = jsonOf<Array<{ status?: string }>>(await runCli(['history', dir, '--json']))
    expect(history.map((entry) => entry.status)).toEqual(['success', 'restored'])
  })
})
