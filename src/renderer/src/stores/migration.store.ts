import { create } from 'zustand'
import type { DryRunReport, MigrateResult } from '../../../shared/migration-result.ts'
import { callOrReport } from './call-or-report.ts'
import { runOperation } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'
import { useStatusStore } from './status.store.ts'
import { onStoreEvent } from './store-events.ts'

interface MigrationState {
  dryRun: DryRunReport | null
  lastResult: MigrateResult | null
  runDryRun(): Promise<void>
  /**
   * `allowDataLoss` only after the person confirmed the loss the dry run showed; `archive`: write the safety
   * net's archive in the background once committed.
   */
  migrate(allowDataLoss?: boolean, archive?: boolean): Promise<void>
  dismissResult(): void
}

export const MIGRATION_CONTEXT = 'Migration'

export const useMigrationStore = create<MigrationState>()((set) => ({
  dryRun: null,
  lastResult: null,
  async runDryRun() {
    const report = await runOperation('dry-run', 'Dry run', () => callOrReport('Dry run', 'migration.dryRun', {}))
    if (report) set({ dryRun: report })
  },
  async migrate(allowDataLoss, archive) {
    set({ lastResult: null })
    const status = useStatusStore.getState().status
    const label = status ? `Migration v${status.currentVersion} → v${status.targetVersion}` : 'Migration'
    // Only reached through the confirmation, which shows the format-upgrade warning when there is one.
    const allowFormatUpgrade = status?.formatUpgrade ? true : undefined
    const result = await runOperation('migration', label, () =>
      callOrReport(MIGRATION_CONTEXT, 'migration.run', {
        allowFormatUpgrade,
        ...(allowDataLoss ? { allowDataLoss: true } : {}),
        ...(archive ? { archive: true } : {})
      })
    )
    if (result) set({ lastResult: result, dryRun: null })
    // Success or failure, show the store as it now is (unchanged after a rollback).
    await refreshAll()
  },
  dismissResult() {
    set({ lastResult: null })
  }
}))

// A plan or result on screen describes the store as it was: spent by a downgrade, a restore, another store.
onStoreEvent('downgrade-started', () => useMigrationStore.setState({ lastResult: null }))
onStoreEvent('downgraded', (result) => useMigrationStore.setState({ lastResult: result, dryRun: null }))
onStoreEvent('restored', () => useMigrationStore.setState({ dryRun: null, lastResult: null }))
onStoreEvent('switched', () => useMigrationStore.setState({ dryRun: null, lastResult: null }))
