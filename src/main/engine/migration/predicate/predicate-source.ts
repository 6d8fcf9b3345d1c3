/**
 * Turns a zod 4 schema's definition into JavaScript statements that `return false` when a value fails it, for
 * schema-predicate.ts. Each node mirrors what zod's own parser accepts (zod/v4/core/schemas.js); anything not
 * recognised, or with a check not listed here, throws Unsupported so the caller falls back to zod.
 *
 * Written against zod 4.6.7's internal definitions, which are not zod's public API: package.json pins zod to
 * ~4.6.7 and test/main/engine/migration/predicate/schema-predicate.test.ts holds these predicates to zod's
 * answers, so upgrading zod is a deliberate step, taken when that test passes on the new version.
 */

export class Unsupported extends Error {}

/** The parts of zod 4's internal definition read here. */
export interface ZodNode {
  _zod: { def: ZodDef; optin?: string; optout?: string }
}
interface ZodDef {
  type: string
  checks?: ZodNode[]
  shape?: Record<string, ZodNode>
  catchall?: ZodNode
  innerType?: ZodNode
  element?: ZodNode
  entries?: Record<string, unknown>
  values?: readonly unknown[]
  format?: string
  pattern?: RegExp
  check?: string
  minimum?: number
  coerce?: boolean
  /** number_format, greater_than, less_than */
  value?: unknown
  inclusive?: boolean
  /** A refinement's function. */
  fn?: unknown
}

/** String formats whose zod check is exactly a test of `pattern` (others, such as email or url, do more). */
const PATTERN_ONLY_FORMATS = new Set(['datetime', 'date', 'time', 'regex'])

/** zod 4's number formats (zod/v4/core/util.js NUMBER_FORMAT_RANGES): the int ones also need a safe integer. */
const NUMBER_FORMAT_RANGES: Record<string, readonly [number, number]> = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-3.4028234663852886e38, 3.4028234663852886e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE]
}

/**
 * Refinements the predicate may call as they are: pure, synchronous functions of the value returning a boolean.
 * A refinement is opaque to the compiler, so only those registered here are mirrored (by calling the same
 * function zod calls); any other keeps its schema on zod alone.
 */
const mirroredRefinements = new WeakSet<object>()

/** Marks `check` as safe to call from a compiled predicate (see mirroredRefinements), and returns it. */
export function mirroredRefinement<T>(check: (value: T) => boolean): (value: T) => boolean {
  mirroredRefinements.add(check)
  return check
}

interface Context {
  constants: unknown[]
  nextVariable: number
}

/**
 * Statements checking the value of the variable `valueName` against `node`; values the checks need (patterns,
 * sets) are appended to `constants`, which the statements read as `c[i]`.
 */
export function predicateSource(node: ZodNode, valueName: string, constants: unknown[]): string {
  return nodeSource(node, valueName, { constants, nextVariable: 0 })
}

function nodeSource(node: ZodNode, v: string, context: Context): string {
  const def = node._zod.def
  if (def.coerce) throw new Unsupported()
  switch (def.type) {
    case 'string':
      return stringSource(def, v, context)
    case 'number':
      return numberSource(def, v)
    case 'boolean':
      noChecks(def)
      return `if (typeof ${v} !== 'boolean') return false\n`
    case 'unknown':
    case 'any':
      noChecks(def)
      return ''
    case 'enum': {
      noChecks(def)
      const values = Object.values(def.entries ?? {})
      // Numeric (TypeScript) enums carry reverse mappings that zod filters out; only string enums are mirrored.
      if (values.some((value) => typeof value !== 'string')) throw new Unsupported()
      return `if (!${constant(context, new Set(values))}.has(${v})) return false\n`
    }
    case 'literal':
      noChecks(def)
      return `if (!${constant(context, new Set(def.values ?? []))}.has(${v})) return false\n`
    case 'optional':
    case 'nullable': {
      noChecks(def)
      const inner = nodeSource(required(def.innerType), v, context)
      return `if (${v} !== ${def.type === 'optional' ? 'undefined' : 'null'}) {\n${inner}}\n`
    }
    case 'array': {
      noChecks(def)
      const index = variable(context, 'i')
      const element = variable(context, 'e')
      const elementCheck = nodeSource(required(def.element), element, context)
      return (
        `if (!Array.isArray(${v})) return false\n` +
        `for (let ${index} = 0; ${index} < ${v}.length; ${index}++) {\nconst ${element} = ${v}[${index}]\n${elementCheck}}\n`
      )
    }
    case 'object':
      return objectSource(def, v, context)
    default:
      throw new Unsupported()
  }
}

function stringSource(def: ZodDef, v: string, context: Context): string {
  let minLength = 0
  const patterns: RegExp[] = []
  if (def.check !== undefined) {
    // The schema is itself a format (z.iso.datetime()): its pattern is its check.
    if (def.check !== 'string_format' || !PATTERN_ONLY_FORMATS.has(def.format ?? '') || !def.pattern) throw new Unsupported()
    patterns.push(def.pattern)
  }
  const refinements: unknown[] = []
  for (const check of def.checks ?? []) {
    const checkDef = check._zod.def
    if (checkDef.check === 'min_length' && typeof checkDef.minimum === 'number') minLength = Math.max(minLength, checkDef.minimum)
    else if (checkDef.check === 'string_format' && PATTERN_ONLY_FORMATS.has(checkDef.format ?? '') && checkDef.pattern) patterns.push(checkDef.pattern)
    else if (checkDef.check === 'custom' && typeof checkDef.fn === 'function' && mirroredRefinements.has(checkDef.fn)) refinements.push(checkDef.fn)
    else throw new Unsupported()
  }
  // zod resets lastIndex before each test; a pattern without g or y never reads it.
  if (patterns.some((pattern) => pattern.global || pattern.sticky)) throw new Unsupported()
  let source = `if (typeof ${v} !== 'string'${minLength > 0 ? ` || ${v}.length < ${minLength}` : ''}) return false\n`
  for (const pattern of patterns) source += `if (!${constant(context, pattern)}.test(${v})) return false\n`
  // zod fails a refinement whose result is falsy.
  for (const refinement of refinements) source += `if (!${constant(context, refinement)}(${v})) return false\n`
  return source
}

/** A finite number (zod 4 rejects NaN and ±Infinity), then each format (z.uint32(), .int()) and bound (.min, .max). */
function numberSource(def: ZodDef, v: string): string {
  const conditions = [`typeof ${v} !== 'number'`, `!Number.isFinite(${v})`]
  const checks = def.check !== undefined ? [def, ...(def.checks ?? []).map((check) => check._zod.def)] : (def.checks ?? []).map((check) => check._zod.def)
  for (const check of checks) {
    const value = check.value
    if (check.check === 'number_format') {
      const range = NUMBER_FORMAT_RANGES[check.format ?? 'float64']
      if (!range) throw new Unsupported()
      if ((check.format ?? '').includes('int')) conditions.push(`!Number.isSafeInteger(${v})`)
      conditions.push(`${v} < ${range[0]}`, `${v} > ${range[1]}`)
    } else if ((check.check === 'greater_than' || check.check === 'less_than') && typeof value === 'number' && Number.isFinite(value)) {
      const op = check.check === 'greater_than' ? (check.inclusive ? '<' : '<=') : check.inclusive ? '>' : '>='
      conditions.push(`${v} ${op} ${value}`)
    } else throw new Unsupported()
  }
  return `if (${conditions.join(' || ')}) return false\n`
}

function objectSource(def: ZodDef, v: string, context: Context): string {
  noChecks(def)
  const catchall = def.catchall?._zod.def.type
  // Loose objects (catchall unknown) accept any other field and z.object() strips them, which also accepts.
  // Strict objects (catchall never) and typed catchalls would need every other field looked at.
  if (catchall !== undefined && catchall !== 'unknown') throw new Unsupported()
  const shape = def.shape ?? {}
  if (Object.hasOwn(shape, '__proto__')) throw new Unsupported()
  const record = variable(context, 'r')
  let source = `if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) return false\nconst ${record} = ${v}\n`
  for (const [key, schema] of Object.entries(shape)) {
    const name = JSON.stringify(key)
    const field = variable(context, 'f')
    // As zod: `key in record` and a plain read (inherited properties count); a key whose schema is not optional
    // must be there even when its check would pass `undefined`.
    const mayBeAbsent = schema._zod.optin === 'optional' && schema._zod.optout === 'optional'
    source +=
      `const ${field} = ${record}[${name}]\n` +
      `if (!(${name} in ${record})) ${mayBeAbsent ? '{}' : 'return false'}\nelse {\n${nodeSource(schema, field, context)}}\n`
  }
  return source
}

function constant(context: Context, value: unknown): string {
  context.constants.push(value)
  return `c[${context.constants.length - 1}]`
}

function variable(context: Context, prefix: string): string {
  return `${prefix}${context.nextVariable++}`
}

function noChecks(def: ZodDef): void {
  if (def.checks && def.checks.length > 0) throw new Unsupported()
}

function required(node: ZodNode | undefined): ZodNode {
  if (!node) throw new Unsupported()
  return node
}
