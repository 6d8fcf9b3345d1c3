import type { ApiOutput } from '../../../shared/api.contract.ts'
import { api } from '../api/api-client.ts'
import { detach, reattach, useOperationStore } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'

let timer: ReturnType<typeof setTimeout> | null = null

/**
 * Asks the host what it runs that this window's own calls do not cover, and keeps asking every second while it
 * does: another window's operation (shown, actions disabled), or this page's own run from before a reload
 * (re-attached, with Cancel). Progress events alone cannot tell (a late event of our own finished operation looks
 * the same), so store.info is the authority; its `startedHere` says whose run it is. When such a run ends,
 * everything is read again.
 */
export function checkHostActivity(delayMs = 150): void {
  if (timer) return
  timer = setTimeout(() => {
    timer = null
    void poll()
  }, delayMs)
}

async function poll(): Promise<void> {
  const operations = useOperationStore.getState()
  if (operations.running && !operations.running.attached) return
  const result = await api('store.info', {})
  // No answer: the lost-connection watch (connection.ts) takes over, and asks again once the host is back.
  if (!result.ok) return
  await noteHostInfo(result.value)
}

/**
 * What store.info says runs on the host, applied: a re-attached run that ended is cleared and everything read
 * again; this page's own run after a reload is re-attached; another window's is shown as such.
 */
export async function noteHostInfo(info: ApiOutput<'store.info'>): Promise<void> {
  const store = useOperationStore
  const running = store.getState().running
  const operation = info.operation
  if (running?.attached) {
    if (operation && operation.id === running.operationId) return checkHostActivity(1_000)
    detach()
    return refreshAll()
  }
  if (operation?.startedHere) {
    if (reattach(operation)) checkHostActivity(1_000)
    return
  }
  if (running) {
    store.getState().setHostOperation(null)
    return
  }
  const before = store.getState().hostOperation
  store.getState().setHostOperation(info.runningOperation)
  if (info.runningOperation) checkHostActivity(1_000)
  else if (before) await refreshAll()
}

export function stopHostActivityChecks(): void {
  if (timer) clearTimeout(timer)
  timer = null
}
