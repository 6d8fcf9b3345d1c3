import type { z } from 'zod'
import { apiContract, type ApiMethod, type ApiResult, type CallContext } from '../../shared/api.contract.ts'
import { type ErrorShape, MeridianError } from '../../shared/errors.ts'
import type { ApiHandlers } from './api.handlers.ts'

/** Any call's answer, when the method is only known at run time. */
export type AnyApiResult = ApiResult<ApiMethod>
/** `context`: who calls, when the transport can tell (see CallContext). */
export type Dispatch = (method: string, rawInput: unknown, context?: CallContext) => Promise<AnyApiResult>

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiContract, name)
}

/** `field: problem` for each issue, so the message names what is wrong (`to: expected number…`). */
export function describeIssues(method: string, issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input'
    return `${where}: ${issue.message}`
  })
  if (issues.length > 5) parts.push(`and ${issues.length - 5} more`)
  return `Invalid input for ${method}: ${parts.join('; ')}`
}

const invalid = (message: string): { ok: false; error: ErrorShape } => ({ ok: false, error: { code: 'INVALID_INPUT', message } })

/**
 * The one entry point behind every transport: checks the method name, parses the input with the contract
 * (an absent input counts as `{}`), runs the handler, and turns whatever it throws into `{ ok: false, error }`.
 * A MeridianError keeps its code; anything else is INTERNAL, its stack logged here (IPC would keep only the
 * message). Never throws.
 */
export function createDispatch(handlers: ApiHandlers, options: { log?: (message: string, error: unknown) => void } = {}): Dispatch {
  const log = options.log ?? ((message, error) => console.error(message, error))
  return async (method, rawInput, context = {}) => {
    if (typeof method !== 'string' || !isApiMethod(method)) {
      return invalid(`Unknown API method: ${JSON.stringify(String(method)).slice(0, 120)}`)
    }
    const parsed = apiContract[method].input.safeParse(rawInput === undefined ? {} : rawInput)
    if (!parsed.success) return invalid(describeIssues(method, parsed.error.issues))
    try {
      // The contract pairs each method's schema with its handler; TypeScript cannot follow the pairing through a
      // union of methods, so the call is typed loosely here and strictly in the table (`satisfies HandlersFor`).
      const handler = handlers[method] as (input: unknown, context: CallContext) => Promise<unknown>
      const value = await handler(parsed.data, context)
      return { ok: true, value } as AnyApiResult
    } catch (error) {
      if (error instanceof MeridianError) return { ok: false, error: error.toShape() }
      log(`${method} failed unexpectedly:`, error)
      const message = error instanceof Error ? error.message : String(error)
      return { ok: false, error: { code: 'INTERNAL', message: `${method} failed unexpectedly: ${message}` } }
    }
  }
}
