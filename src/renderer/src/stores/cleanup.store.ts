import { create } from 'zustand'
import type { PruneResult } from '../../../shared/backup.ts'
import type { ErrorShape } from '../../../shared/errors.ts'
import { api } from '../api/api-client.ts'
import { callOrReport } from './call-or-report.ts'
import { runOperation } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'
import { publish } from './store-events.ts'

/** The retention policy as the dialog asks for it: keep the newest N, delete only those older than D days. */
export interface CleanupPolicy {
  keep: number
  olderThanDays: number
}

/** The engine's defaults (backup/retention.ts), shown first. */
export const DEFAULT_CLEANUP: CleanupPolicy = { keep: 5, olderThanDays: 30 }

interface CleanupState {
  /** The dry run on screen and the policy it was run with; null while none is. */
  preview: { policy: CleanupPolicy; result: PruneResult } | null
  /** The policy the person has typed last, checked as soon as the running check ends. */
  wanted: CleanupPolicy | null
  checking: boolean
  /** Why the last check failed (shown in the dialog, which covers the banners). */
  error: ErrorShape | null
  /** What the last confirmed cleanup deleted, and which listed backups it kept after all. */
  lastCleanup: { result: PruneResult; confirmed: string[] } | null
  /** Runs the dry run for this policy (after the one running, if any). */
  check(policy: CleanupPolicy): Promise<void>
  reset(): void
  /** Deletes the backups the preview listed, and no other. */
  confirm(): Promise<PruneResult | null>
  dismissResult(): void
}

const samePolicy = (a: CleanupPolicy | null, b: CleanupPolicy | null): boolean =>
  a !== null && b !== null && a.keep === b.keep && a.olderThanDays === b.olderThanDays

export const useCleanupStore = create<CleanupState>()((set, get) => ({
  preview: null,
  wanted: null,
  checking: false,
  error: null,
  lastCleanup: null,
  async check(policy) {
    set({ wanted: policy })
    if (get().checking) return
    set({ checking: true })
    try {
      // One check at a time (the host runs one operation per store): run until the latest wish has been checked.
      for (let next = get().wanted; next && !samePolicy(next, get().preview?.policy ?? null); next = get().wanted) {
        const asked = next
        const result = await runOperation('prune', 'Checking which backups would go', () =>
          api('backups.prune', { keep: asked.keep, olderThan: asked.olderThanDays, dryRun: true })
        )
        if (result === null) break
        if (!result.ok) {
          set({ error: result.error, preview: null, wanted: null })
          break
        }
        set({ preview: { policy: asked, result: result.value }, error: null })
      }
    } finally {
      set({ checking: false })
    }
  },
  reset() {
    set({ preview: null, wanted: null, error: null })
  },
  async confirm() {
    const preview = get().preview
    if (!preview || preview.result.deleted.length === 0) return null
    const confirmed = preview.result.deleted.map((b) => b.id)
    const { keep, olderThanDays } = preview.policy
    set({ preview: null, wanted: null })
    const label = `Deleting ${confirmed.length} old backup${confirmed.length === 1 ? '' : 's'}`
    const result = await runOperation('prune', label, () =>
      callOrReport('Clean up old backups', 'backups.prune', { keep, olderThan: olderThanDays, only: confirmed })
    )
    if (result) {
      set({ lastCleanup: { result, confirmed } })
      void publish('backups-pruned', result)
    }
    await refreshAll()
    return result
  },
  dismissResult() {
    set({ lastCleanup: null })
  }
}))
