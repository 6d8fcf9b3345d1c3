import { apiEventSchema, apiResultSchema, type ApiEvent, type ApiMethod, type ApiResult } from '../../../shared/api.contract.ts'
import type { ErrorCode } from '../../../shared/errors.ts'

/** A coded failure made on this side of the boundary (unreachable host, malformed answer). */
export function failure<M extends ApiMethod>(code: ErrorCode, message: string): ApiResult<M> {
  return { ok: false, error: { code, message } }
}

/**
 * Checks a host's answer against the contract's output schema, so a panel never renders data of the wrong shape:
 * anything that does not match becomes an INTERNAL error naming the call.
 */
export function parseResult<M extends ApiMethod>(method: M, raw: unknown): ApiResult<M> {
  const parsed = apiResultSchema(method).safeParse(raw)
  if (parsed.success) return parsed.data as ApiResult<M>
  const issue = parsed.error.issues[0]
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
  return failure('INTERNAL', `The host answered ${method} with data that does not match the contract${where}: ${issue?.message ?? 'invalid'}`)
}

/** An event from the host, or null when it does not match the contract (it is then ignored, and logged). */
export function parseEvent(raw: unknown): ApiEvent | null {
  const parsed = apiEventSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  console.warn('Ignored a host event that does not match the contract', raw)
  return null
}
