import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors.ts'
import type { DryRunReport } from '../../../shared/migration-result.ts'
import { api } from '../api/api-client.ts'
import { callOrReport } from './call-or-report.ts'
import { MIGRATION_CONTEXT } from './migration.store.ts'
import { busyReason, runOperation, useOperationStore } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'
import { publish } from './store-events.ts'

interface DowngradeState {
  /** The dry run of the downgrade to `report.to`: what it rewrites, and which records would lose what. */
  report: DryRunReport | null
  /** The version chosen last, checked as soon as the running check ends. */
  wanted: number | null
  checking: boolean
  /** Why the last check failed (shown in the dialog, which covers the banners). */
  error: ErrorShape | null
  check(to: number): Promise<void>
  reset(): void
  /** Runs the downgrade; `allowDataLoss` only after the person confirmed the loss the check showed. */
  run(from: number, to: number, allowDataLoss: boolean): Promise<void>
}

export const useDowngradeStore = create<DowngradeState>()((set, get) => ({
  report: null,
  wanted: null,
  checking: false,
  error: null,
  async check(to) {
    set({ wanted: to })
    if (get().checking) return
    set({ checking: true })
    try {
      // One check at a time (the host runs one operation per store): run until the latest choice is checked.
      for (let next = get().wanted; next !== null && get().report?.to !== next; next = get().wanted) {
        const asked = next
        set({ report: null, error: null })
        const result = await runOperation('dry-run', `Checking a downgrade to v${asked}`, () => api('migration.dryRun', { to: asked }))
        if (result === null) {
          set({ error: { code: 'BUSY', message: busyReason(useOperationStore.getState()) ?? 'Another operation is running.' }, wanted: null })
          break
        }
        if (!result.ok) {
          set({ error: result.error, wanted: null })
          break
        }
        set({ report: result.value })
      }
    } finally {
      set({ checking: false })
    }
  },
  reset() {
    set({ report: null, wanted: null, error: null })
  },
  async run(from, to, allowDataLoss) {
    set({ report: null, wanted: null })
    void publish('downgrade-started')
    const result = await runOperation('migration', `Downgrade v${from} → v${to}`, () => callOrReport(MIGRATION_CONTEXT, 'migration.run', { to, allowDataLoss }))
    if (result) void publish('downgraded', result)
    // Success or failure, show the store as it now is (unchanged after a rollback).
    await refreshAll()
  }
}))
