/** `Omit` that keeps an index signature's known keys (a loose schema's type has both). */
type Without<R, O extends PropertyKey> = { [K in keyof R as K extends O ? never : K]: R[K] }

/**
 * A new record: `record`'s own fields in their order, less those named in `omit`, then `fields` (a field the
 * record already has keeps its place and takes the new value). Never mutates `record`.
 *
 * Why key by key rather than `Object.assign({}, record, fields)` or `{ drop, ...rest }`: objects built this way
 * share one fast V8 shape per field order, and the schema checks and JSON.stringify that follow run about twice
 * as fast on them (bench/ measures the fused v1 → v3 chain: ~56 µs per record the other way, ~28 µs this way).
 */
export function withFields<R extends object, F extends object, O extends keyof R = never>(record: R, fields: F, omit: readonly O[] = []): Without<R, O> & F {
  const out: Record<string, unknown> = {}
  const source = record as Record<string, unknown>
  for (const key of Object.keys(source)) {
    if (omit.length > 0 && (omit as readonly PropertyKey[]).includes(key)) continue
    setOwn(out, key, source[key])
  }
  const added = fields as Record<string, unknown>
  for (const key of Object.keys(added)) setOwn(out, key, added[key])
  return out as Without<R, O> & F
}

/** `out[key] = value`, except that a `__proto__` field from JSON stays a field instead of becoming the prototype. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  else out[key] = value
}
