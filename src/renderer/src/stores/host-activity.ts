import { api } from '../api/api-client.ts'
import { useOperationStore } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'

let timer: ReturnType<typeof setTimeout> | null = null

/**
 * Asks the host whether it is running an operation this window did not start (another window or tab), and keeps
 * asking every second while it is: progress events alone cannot tell (a late event of our own finished operation
 * looks the same), so store.info is the authority. When that operation ends, everything is read again.
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
  if (operations.running) return
  const result = await api('store.info', {})
  if (!result.ok) return
  const before = useOperationStore.getState().hostOperation
  const now = useOperationStore.getState().running ? null : result.value.runningOperation
  useOperationStore.getState().setHostOperation(now)
  if (now) checkHostActivity(1_000)
  else if (before) await refreshAll()
}

export function stopHostActivityChecks(): void {
  if (timer) clearTimeout(timer)
  timer = null
}
