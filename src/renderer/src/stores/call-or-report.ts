import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api.contract.ts'
import { api } from '../api/api-client.ts'
import { useErrorStore } from './errors.store.ts'

/**
 * Calls the host; on a coded error shows it as a banner under `context` and returns null. A success clears the
 * context's earlier banners, so a retried action does not leave a stale error on screen.
 */
export async function callOrReport<M extends ApiMethod>(context: string, method: M, input: ApiInput<M>): Promise<ApiOutput<M> | null> {
  const result = await api(method, input)
  const errors = useErrorStore.getState()
  if (result.ok) {
    errors.clearContext(context)
    return result.value
  }
  // No answer at all: the one lost-connection banner says so (LostConnectionBanner), not a banner per call.
  if (result.error.code !== 'HOST_UNREACHABLE') errors.report(context, result.error)
  return null
}
