import { create } from 'zustand'
import type { InvalidRecords, RecordCheck, RecordDeleteResult, RecordPutResult, SetAsideResult } from '../../../shared/repair.ts'
import { callOrReport } from './call-or-report.ts'
import { useMigrationStore } from './migration.store.ts'
import { runOperation } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'
import { onStoreEvent } from './store-events.ts'

export const REPAIR_CONTEXT = 'Repair'

/**
 * After a repair call: when it wrote, a dry run on screen predicted for the store as it was, so it goes; a refused
 * or failed one wrote nothing and the dry run still holds. Then everything is read again.
 */
async function afterWrite(wrote: boolean): Promise<void> {
  if (wrote) useMigrationStore.setState({ dryRun: null })
  await refreshAll()
}

interface RepairState {
  /** The check of the record open in the record view, by key; null until read. */
  check: RecordCheck | null
  /** What the last save or delete wrote (with the backup taken first), shown above the record view until the next write (a delete's stays when its record is gone). */
  lastWrite: { kind: 'put'; result: RecordPutResult } | { kind: 'delete'; result: RecordDeleteResult } | null
  /** The set-aside dialog: open, what it would move (once found) and what it did. */
  setAsideOpen: boolean
  invalid: InvalidRecords | null
  setAsideResult: SetAsideResult | null
  loadCheck(key: string): Promise<void>
  /** The check `value` would get under `key`, written nowhere. */
  checkValue(key: string, value: string): Promise<RecordCheck | null>
  put(key: string, value: string): Promise<RecordPutResult | null>
  remove(key: string): Promise<RecordDeleteResult | null>
  openSetAside(): Promise<void>
  closeSetAside(): void
  setAside(): Promise<void>
}

/** Repair of bad records (records.*): every write takes a pre-repair backup first; status and lists refresh after. */
export const useRepairStore = create<RepairState>()((set, get) => ({
  check: null,
  lastWrite: null,
  setAsideOpen: false,
  invalid: null,
  setAsideResult: null,
  async loadCheck(key) {
    if (get().check?.key !== key) set({ check: null })
    const check = await callOrReport('Checking a record', 'records.check', { key })
    if (check) set({ check })
  },
  checkValue: (key, value) => callOrReport('Checking a record', 'records.checkValue', { key, value }),
  async put(key, value) {
    const result = await runOperation('repair', `Saving ${key}`, () => callOrReport(REPAIR_CONTEXT, 'records.put', { key, value }))
    if (result) set({ lastWrite: { kind: 'put', result }, check: result.check })
    await afterWrite(result !== null)
    return result
  },
  async remove(key) {
    const result = await runOperation('repair', `Deleting ${key}`, () => callOrReport(REPAIR_CONTEXT, 'records.delete', { key }))
    if (result) set({ lastWrite: { kind: 'delete', result }, check: null })
    await afterWrite(result !== null)
    return result
  },
  async openSetAside() {
    set({ setAsideOpen: true, invalid: null, setAsideResult: null })
    const invalid = await runOperation('repair', 'Finding invalid records', () => callOrReport(REPAIR_CONTEXT, 'records.findInvalid', {}))
    if (invalid) set({ invalid })
  },
  closeSetAside() {
    set({ setAsideOpen: false })
  },
  async setAside() {
    const result = await runOperation('repair', 'Setting aside invalid records', () => callOrReport(REPAIR_CONTEXT, 'records.setAside', {}))
    if (result) set({ setAsideResult: result })
    // A set-aside that found nothing to move wrote nothing either.
    await afterWrite(result !== null && result.archive !== null)
  }
}))

onStoreEvent('switched', () => useRepairStore.setState({ check: null, lastWrite: null, setAsideOpen: false, invalid: null, setAsideResult: null }))
