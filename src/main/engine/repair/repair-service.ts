import { MeridianError } from '../../../shared/errors.ts'
import {
  type RecordCheck,
  type RecordDeleteResult,
  type RecordPutResult,
  type SetAsideEntry,
  type SetAsideArchiveInfo,
  type SetAsideResult,
  type SetAsideRestoreResult
} from '../../../shared/repair.ts'
import type { BackupService, OperationOptions } from '../backup/backup-service.ts'
import type { MigrationRegistry } from '../migration/registry.ts'
import type { OperationGate } from '../operations/operation-gate.ts'
import { BatchWriter } from '../store/batch-writer.ts'
import { scanBatches } from '../store/store-scan.ts'
import { isPreservedKey, prefixRange } from '../store/store-keys.ts'
import { type MeridianStore } from '../store/store.ts'
import { SCHEMA_VERSION_KEY } from '../support/constants.ts'
import { reasons } from './problem-text.ts'
import { listSetAsideArchives, setAsideArchivePath } from './set-aside-folder.ts'
import { RecordChecker } from './record-check.ts'
import { planRestore } from './restore-plan.ts'
import { runRepairWrite } from './repair-write.ts'
import { defaultArchivePath, readSetAsideArchive, refuseExistingArchive, writeSetAsideArchive, type ArchivedRecord } from './set-aside-archive.ts'

export interface PutOptions extends OperationOptions {
  /** Write a value that fails its check anyway (RECORD_INVALID otherwise, before anything is written). */
  force?: boolean
}

export interface SetAsideOptions extends OperationOptions {
  /** Where the archive goes; default `<DIR>.set-aside/set-aside_<UTC time>.jsonl`. */
  archive?: string
}

export interface RestoreSetAsideOptions extends OperationOptions {
  /** Put back records that still fail their check, and replace records the store holds under the same keys now. */
  force?: boolean
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')

/** INVALID_INPUT for the keys this tool and Meridian keep their own bookkeeping under: they have commands of their own. */
function refuseBookkeepingKey(key: string): void {
  if (key === SCHEMA_VERSION_KEY || isPreservedKey(utf8(key))) {
    throw new MeridianError('INVALID_INPUT', `${key} is bookkeeping, not a record: it is written only by migrations, restores and repairs themselves`)
  }
}

/**
 * Repairs of single records and of every invalid one: check, put, delete, set aside and restore what was set
 * aside. Each write is exclusive (the gate), takes the store's directory itself, and runs as runRepairWrite
 * says: safety net, journal, history.
 */
export class RepairService {
  constructor(
    private readonly store: MeridianStore,
    private readonly backups: BackupService,
    private readonly gate: OperationGate,
    private readonly registry: MigrationRegistry,
    /** The version a migration brings the store to: a record that would not get there is invalid. */
    private readonly targetVersion: number
  ) {}

  private checker(target = this.targetVersion): RecordChecker {
    return new RecordChecker(this.registry, target)
  }

  private async raw(key: string): Promise<Buffer | undefined> {
    return this.store.db.get(utf8(key))
  }

  /** Why the record under `key` fails, or that it holds (RECORD_NOT_FOUND when there is none). Reads only. */
  check(key: string): Promise<RecordCheck> {
    return this.gate.read(async () => {
      const raw = await this.raw(key)
      if (raw === undefined) throw new MeridianError('RECORD_NOT_FOUND', `No record under the key "${key}"`)
      return this.checker().check(key, raw)
    })
  }

  /** The check `value` would get under `key`, without writing: what an editor shows before saving. */
  checkValue(key: string, value: string): RecordCheck {
    return this.checker().check(key, utf8(value))
  }

  /** The records a set-aside would move, and why, without writing: its dry run, and the count a confirmation shows. */
  invalidRecords(options: OperationOptions = {}): Promise<{ checked: number; invalid: SetAsideEntry[] }> {
    return this.gate.read(async () => {
      const { checked, failed } = await this.findInvalid(options.signal)
      return { checked, invalid: failed.map(({ key, problems }) => ({ key, problems })) }
    })
  }

  /** Replaces (or creates) the record under `key` with `value`, checked first: RECORD_INVALID unless `force`. */
  async put(key: string, value: string, options: PutOptions = {}): Promise<RecordPutResult> {
    refuseBookkeepingKey(key)
    const check = this.checkValue(key, value)
    if (check.status === 'invalid' && !options.force) {
      throw new MeridianError('RECORD_INVALID', `The value for ${key} fails its check: ${reasons(check.problems)}`)
    }
    return this.gate.operation(
      'repair',
      async () => {
        const replaced = (await this.raw(key)) !== undefined
        const written = await runRepairWrite({
          store: this.store,
          backups: this.backups,
          name: `Repair: put ${key}`,
          ...options,
          apply: () => this.write((writer) => writer.put(utf8(key), utf8(value))),
          items: () => 1
        })
        return { key, replaced, check, backupId: written.backupId, durationMs: written.durationMs }
      },
      { beginWrite: true }
    )
  }

  /** Deletes the record under `key` (RECORD_NOT_FOUND, before any write, when there is none). */
  async delete(key: string, options: OperationOptions = {}): Promise<RecordDeleteResult> {
    refuseBookkeepingKey(key)
    return this.gate.operation(
      'repair',
      async () => {
        if ((await this.raw(key)) === undefined) throw new MeridianError('RECORD_NOT_FOUND', `No record under the key "${key}"`)
        const written = await runRepairWrite({
          store: this.store,
          backups: this.backups,
          name: `Repair: delete ${key}`,
          ...options,
          apply: () => this.write((writer) => writer.del(utf8(key))),
          items: () => 1
        })
        return { key, backupId: written.backupId, durationMs: written.durationMs }
      },
      { beginWrite: true }
    )
  }

  /**
   * Moves every record that fails its check out of the store into an archive (written whole before the first
   * delete), so a migration can run; nothing is written when every record holds. The safety net still holds them
   * too. A crash after the archive and before the commit leaves the store as before and the archive beside it.
   */
  async setAside(options: SetAsideOptions = {}): Promise<SetAsideResult> {
    if (options.archive !== undefined) refuseExistingArchive(options.archive)
    return this.gate.operation(
      'repair',
      async () => {
        const started = performance.now()
        const { checked, failed } = await this.findInvalid(options.signal)
        if (failed.length === 0) return { archive: null, checked, setAside: [], backupId: null, durationMs: Math.round(performance.now() - started) }
        const archive = options.archive ?? defaultArchivePath(this.store.dataDir, new Date())
        refuseExistingArchive(archive)
        const schemaVersion = await this.store.readVersion()
        const count = failed.length === 1 ? '1 invalid record' : `${failed.length} invalid records`
        const written = await runRepairWrite({
          store: this.store,
          backups: this.backups,
          name: `Repair: set aside ${count}`,
          signal: options.signal,
          onProgress: options.onProgress,
          onCommitted: options.onCommitted,
          prepare: (safety) =>
            writeSetAsideArchive(archive, {
              header: {
                format: 'meridian-admin set-aside',
                formatVersion: 1,
                createdAt: new Date().toISOString(),
                dataDir: this.store.dataDir,
                schemaVersion,
                records: failed.length,
                backupId: safety.id
              },
              records: failed.map(({ key, value, problems }) => ({ key, value, problems }))
            }),
          apply: () =>
            this.write(async (writer) => {
              for (const record of failed) await writer.del(record.keyBytes)
            }),
          items: () => failed.length
        })
        const setAside: SetAsideEntry[] = failed.map(({ key, problems }) => ({ key, problems }))
        return { archive, checked, setAside, backupId: written.backupId, durationMs: written.durationMs }
      },
      { beginWrite: true }
    )
  }

  /** The archives in the store's set-aside folder, newest first (see listSetAsideArchives). Reads only. */
  listSetAside(): Promise<SetAsideArchiveInfo[]> {
    return this.gate.read(() => listSetAsideArchives(this.store.dataDir, async (key) => (await this.raw(key)) !== undefined))
  }

  /** restoreSetAside of the archive `name` names in the store's set-aside folder: what a host offers, never a path. */
  async restoreSetAsideNamed(name: string, options: RestoreSetAsideOptions = {}): Promise<SetAsideRestoreResult> {
    return this.restoreSetAside(setAsideArchivePath(this.store.dataDir, name), options)
  }

  /**
   * Puts the records of a set-aside archive back, each checked against the store as it is now and brought to
   * its version on the way. Records that still fail (RECORD_INVALID) or whose key the store holds again
   * (INVALID_INPUT) refuse the whole restore before anything is written, unless `force`.
   */
  async restoreSetAside(archivePath: string, options: RestoreSetAsideOptions = {}): Promise<SetAsideRestoreResult> {
    const archive = await readSetAsideArchive(archivePath)
    for (const record of archive.records) refuseBookkeepingKey(record.key)
    return this.gate.operation(
      'repair',
      async () => {
        const started = performance.now()
        const plan = await planRestore(this.store, this.registry, archive.records, options.force === true)
        if (plan.writes.length === 0) {
          return {
            archive: archivePath,
            restored: 0,
            migrated: 0,
            forcedInvalid: 0,
            replaced: 0,
            backupId: null,
            durationMs: Math.round(performance.now() - started)
          }
        }
        const written = await runRepairWrite({
          store: this.store,
          backups: this.backups,
          name: `Repair: restore ${plan.writes.length === 1 ? '1 record' : `${plan.writes.length} records`} set aside`,
          ...options,
          apply: () =>
            this.write(async (writer) => {
              for (const { key, value } of plan.writes) await writer.put(utf8(key), value)
            }),
          items: () => plan.writes.length
        })
        return {
          archive: archivePath,
          restored: plan.writes.length,
          migrated: plan.migrated,
          forcedInvalid: plan.invalid.length,
          replaced: plan.conflicts.length,
          backupId: written.backupId,
          durationMs: written.durationMs
        }
      },
      { beginWrite: true }
    )
  }

  /** Every record under a key prefix some migration knows, checked; the ones that fail, with their bytes. */
  private async findInvalid(signal: AbortSignal | undefined): Promise<{ checked: number; failed: Array<ArchivedRecord & { keyBytes: Buffer }> }> {
    const checker = this.checker()
    const failed: Array<ArchivedRecord & { keyBytes: Buffer }> = []
    let checked = 0
    for (const prefix of this.registry.keyPrefixes) {
      for await (const batch of scanBatches(this.store.db, { ...prefixRange(prefix), signal })) {
        for (const [keyBytes, raw] of batch) {
          checked++
          const key = keyBytes.toString('utf8')
          const check = checker.check(key, raw)
          if (check.status === 'invalid') failed.push({ key, keyBytes, value: raw, problems: check.problems })
        }
      }
    }
    return { checked, failed }
  }

  /** Bounded, in-order batches (a failure waits for the batch in flight before the store is put back). */
  private async write(fill: (writer: BatchWriter) => Promise<void>): Promise<void> {
    const writer = new BatchWriter(this.store.db)
    try {
      await fill(writer)
      await writer.flush()
    } catch (error) {
      await writer.settle()
      throw error
    }
  }
}
