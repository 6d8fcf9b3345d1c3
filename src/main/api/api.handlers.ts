import type { ApiContract } from '../../shared/api.contract.ts'
import type { HandlersFor } from './handlers-for.ts'
import type { StoreSession } from './store-session.ts'

/**
 * Every contract call, implemented once over a StoreSession; the IPC and HTTP transports both dispatch here.
 * Inputs arrive already parsed by the contract. A call the engine gates (migrate, restore, backup, delete) is
 * refused with BUSY at once while another holds the store.
 */
export function createApiHandlers(session: StoreSession) {
  return {
    'store.info': async (_input?, context?) => session.info(context),
    'store.status': () => session.manager.status(),
    'store.counts': () => session.counts(),
    'store.open': ({ dataDir }) => session.switchTo(dataDir),
    'store.chooseDirectory': () => session.chooseAndSwitch(),
    'store.close': () => session.closeStore(),
    'store.records': (request) => session.manager.findRecords(request),
    'history.list': () => session.manager.history(),
    'migration.plan': ({ to }) => session.manager.migrationPlan(to),
    'migration.dryRun': ({ to }, context?) =>
      session.run('migration.dryRun', (options) => session.manager.dryRun({ ...options, to }), { writes: false, context }),
    'migration.run': async ({ to, allowDataLoss, allowFormatUpgrade, archive }, context?) => {
      const result = await session.run(
        'migration.run',
        async (options) => {
          if (allowFormatUpgrade) await session.allowFormatUpgrade()
          return session.manager.migrate({ ...options, to, allowDataLoss, logger: session.logger })
        },
        { writes: true, context }
      )
      // After the answer's work is over: the archive runs on while the person (or the next operation) goes on.
      if (archive && result.status === 'migrated' && result.backupId) await session.archiveInBackground(result.backupId)
      return result
    },
    'operation.cancel': async ({ id }) => ({ cancelled: session.cancel(id) }),
    'backups.list': () => session.manager.listBackups(),
    'backups.create': (input, context?) =>
      session.run('backups.create', (options) => session.manager.createBackup({ ...options, kind: input.kind }), { writes: true, context }),
    // Reads the checkpoint only: the store is not written, so no store-changed (the window refreshes its list).
    'backups.archive': ({ id }, context?) =>
      session.run('backups.archive', (options) => session.manager.archiveCheckpoint(id, options), { writes: false, context }),
    'backups.stopArchive': async () => ({ stopped: session.stopArchive() }),
    'backups.verify': ({ id }, context?) => session.run('backups.verify', (options) => session.manager.verifyBackup(id, options), { writes: false, context }),
    'backups.restore': ({ id, allowFormatUpgrade }, context?) =>
      session.run(
        'backups.restore',
        async (options) => {
          if (allowFormatUpgrade) await session.allowFormatUpgrade()
          return session.manager.restoreBackup(id, options)
        },
        { writes: true, context }
      ),
    'backups.delete': async ({ id }, context?) => {
      await session.run('backups.delete', () => session.manager.deleteBackup(id), { writes: true, context })
      return { deleted: id }
    },
    'backups.prune': ({ keep, olderThan, dryRun, only }, context?) =>
      session.run('backups.prune', (options) => session.manager.pruneBackups({ ...options, keepNewest: keep, olderThanDays: olderThan, dryRun, only }), {
        writes: dryRun !== true,
        context
      }),
    'backups.listInStore': () => session.manager.listInStoreBackups(),
    'backups.exportInStore': ({ id }, context?) =>
      session.run('backups.exportInStore', (options) => session.manager.exportInStoreBackup(id, options), { writes: true, context }),
    'backups.removeInStore': (which, context?) =>
      session.run('backups.removeInStore', (options) => session.manager.removeInStoreBackups('id' in which ? { id: which.id } : { all: true }, options), {
        writes: true,
        context
      }),
    'backups.records': ({ id, prefix, after, limit }) => session.manager.backupRecords(id, { prefix, after, limit }),
    'backups.compare': ({ id, prefix }, context?) =>
      session.run('backups.compare', (options) => session.manager.compareBackup(id, { ...options, prefix }), { writes: false, context }),
    'records.check': ({ key }) => session.manager.repair.check(key),
    'records.checkValue': async ({ key, value }) => session.manager.repair.checkValue(key, value),
    'records.put': ({ key, value, force }, context?) =>
      session.run('records.put', (options) => session.manager.repair.put(key, value, { ...options, force }), { writes: true, context }),
    'records.delete': ({ key }, context?) => session.run('records.delete', (options) => session.manager.repair.delete(key, options), { writes: true, context }),
    'records.findInvalid': (_input, context?) =>
      session.run('records.findInvalid', (options) => session.manager.repair.invalidRecords(options), { writes: false, context }),
    'records.setAside': (_input, context?) => session.run('records.setAside', (options) => session.manager.repair.setAside(options), { writes: true, context }),
    'records.listSetAside': () => session.manager.repair.listSetAside(),
    'records.restoreSetAside': ({ name }, context?) =>
      session.run('records.restoreSetAside', (options) => session.manager.repair.restoreSetAsideNamed(name, options), { writes: true, context })
  } satisfies HandlersFor<ApiContract>
}

export type ApiHandlers = ReturnType<typeof createApiHandlers>
