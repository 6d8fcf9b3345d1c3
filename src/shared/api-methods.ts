/**
 * The names of the contract's calls, without their schemas: what the preload bridge needs to make one function per
 * call, so the sandboxed preload bundles no zod. api.contract.ts declares a schema for exactly these names (its
 * type check fails otherwise).
 */
export const API_METHODS = [
  'store.info',
  'store.status',
  'store.counts',
  'store.open',
  'store.chooseDirectory',
  'store.close',
  'store.records',
  'history.list',
  'migration.plan',
  'migration.dryRun',
  'migration.run',
  'operation.cancel',
  'backups.list',
  'backups.create',
  'backups.archive',
  'backups.stopArchive',
  'backups.verify',
  'backups.restore',
  'backups.delete',
  'backups.prune',
  'backups.listInStore',
  'backups.exportInStore',
  'backups.removeInStore',
  'backups.records',
  'backups.compare',
  'records.check',
  'records.checkValue',
  'records.put',
  'records.delete',
  'records.findInvalid',
  'records.setAside',
  'records.listSetAside',
  'records.restoreSetAside'
] as const

export type ApiMethodName = (typeof API_METHODS)[number]
