import type { z } from 'zod'
import type { CallContext } from '../../shared/api.contract.ts'

/** What a contract looks like: each call's input and output schema. */
export type ContractShape = Record<string, { input: z.ZodType; output: z.ZodType }>

/**
 * The handler table a contract demands: one async function per call, taking the parsed input and resolving to
 * the output. `satisfies HandlersFor<ApiContract>` makes a missing, extra or mistyped handler a compile error.
 */
export type HandlersFor<C extends ContractShape> = {
  readonly [M in keyof C]: (input: z.output<C[M]['input']>, context?: CallContext) => Promise<z.input<C[M]['output']>>
}
