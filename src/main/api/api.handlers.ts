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
    'store.info': async () => session.info(),
    'store.status': () => session.manager.status(),
    'store.open': ({ dataDir }) => session.switchTo(dataDir),
    'store.chooseDirectory': async () => {
      const chosen = await session.requireDesktop().chooseDirectory()
      return chosen === null ? null : session.switchTo(chosen)
    },
    'store.records': (request) => session.manager.findRecords(request),
    'history.list': () => session.manager.history(),
    'migration.plan': ({ to }) => session.manager.migrationPlan(to),
    'migration.dryRun': ({ to }) => session.run('migration.dryRun', (options) => session.manager.dryRun({ ...options, to }), { writes: false }),
    'migration.run': ({ to, allowDataLoss, allowFormatUpgrade }) =>
      session.run(
        'migration.run',
        async (options) => {
          if (allowFormatUpgrade) await session.allowFormatUpgrade()
          return session.manager.migrate({ ...options, to, allowDataLoss, logger: session.logger })
        },
        { writes: true }
      ),
    'operation.cancel': async () => ({ cancelled: session.cancel() }),
    'backups.list': () => session.manager.listBackups(),
    'backups.create': () => session.run('backups.create', (options) => session.manager.createBackup(options), { writes: true }),
    'backups.verify': ({ id }) => session.run('backups.verify', (options) => session.manager.verifyBackup(id, options), { writes: false }),
    'backups.restore': ({ id, allowFormatUpgrade }) =>
      session.run(
        'backups.restore',
        async (options) => {
          if (allowFormatUpgrade) await session.allowFormatUpgrade()
          return session.manager.restoreBackup(id, options)
        },
        { writes: true }
      ),
    'backups.delete': async ({ id }) => {
      await session.run('backups.delete', () => session.manager.deleteBackup(id), { writes: true })
      return { deleted: id }
    },
    'backups.prune': ({ keep, olderThan, dryRun, only }) =>
      session.run('backups.prune', (options) => session.manager.pruneBackups({ ...options, keepNewest: keep, olderThanDays: olderThan, dryRun, only }), {
        writes: dryRun !== true
      }),
    'backups.listInStore': () => session.manager.listInStoreBackups(),
    'backups.exportInStore': ({ id }) => session.run('backups.exportInStore', (options) => session.manager.exportInStoreBackup(id, options), { writes: true }),
    'backups.removeInStore': (which) =>
      session.run('backups.removeInStore', (options) => session.manager.removeInStoreBackups('id' in which ? { id: which.id } : { all: true }, options), {
        writes: true
      }),
    'backups.records': ({ id, prefix, after, limit }) => session.manager.backupRecords(id, { prefix, after, limit }),
    'backups.compare': ({ id, prefix }) =>
      session.run('backups.compare', (options) => session.manager.compareBackup(id, { ...options, prefix }), { writes: false })
  } satisfies HandlersFor<ApiContract>
}

export type ApiHandlers = ReturnType<typeof createApiHandlers>
