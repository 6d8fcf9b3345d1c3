import type { z } from 'zod'
import { Unsupported, type ZodNode, predicateSource } from './predicate-source.ts'

/** Says whether a value passes a schema, without building zod's result or copying the value. */
export type SchemaPredicate = (value: unknown) => boolean

/**
 * Compiles a zod schema into a plain predicate, for the schema shapes our record schemas use (loose objects,
 * strings with a minimum length or an ISO date/time format, finite numbers, booleans, string enums, literals,
 * arrays, optional, nullable). Returns null for anything else (refinements, transforms, defaults, unions, strict
 * objects…): the caller then keeps to zod alone.
 *
 * Why: zod's checks cost ~16 µs of a ~36 µs record in a fused v1 → v3 migration (three checks), mostly building
 * a result and an issue array for every field, which a valid record never needs; the predicates take ~5 µs. A
 * predicate is only trusted when it says "valid": a value it rejects is checked again by zod, whose message the
 * user sees. So it must never accept what zod rejects, and test/main/engine/migration/predicate/schema-predicate.test.ts
 * holds it to agreement with zod on valid records and on thousands of mutations of them.
 */
export function compileSchemaPredicate(schema: z.ZodType): SchemaPredicate | null {
  const constants: unknown[] = []
  let body: string
  try {
    body = predicateSource(schema as unknown as ZodNode, 'value', constants)
  } catch (error) {
    if (error instanceof Unsupported) return null
    throw error
  }
  // Generated code rather than closures: reads like `r0["created_at"]` get V8's inline caches (the records of one
  // migration share a shape), where `value[key]` in a loop over fields stays a generic lookup (~2.5× slower,
  // measured). Keys are embedded with JSON.stringify; patterns and value sets are passed in `c`, never as source.
  const factory = new Function('c', `return function check(value) {\n${body}return true\n}`) as (c: unknown[]) => SchemaPredicate
  return factory(constants)
}
