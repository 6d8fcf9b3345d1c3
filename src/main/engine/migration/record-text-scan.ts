/**
 * The top-level fields of a JSON object's text, each with its value's text exactly as written and, when parsing
 * that text into JavaScript values alters it, why. Only for text JSON.parse has already accepted: it assumes valid
 * JSON and does not check it again.
 *
 * Iterative, not recursive, so a record nested ten thousand deep costs a stack of sets, never a stack overflow.
 */

/** One top-level field: its value's text as written, and what JSON.parse would alter in it (null when nothing). */
export interface FieldText {
  readonly text: string
  readonly alteration: string | null
}

export interface ScannedObject {
  /** Top-level fields by name, in the text's order. */
  readonly fields: Map<string, FieldText>
  /** The first top-level field written twice: JSON.parse keeps the last, Meridian's serde refuses the record. */
  readonly duplicateField: string | null
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

/** Index just past the string that opens at `start` (a `"`). */
function stringEnd(text: string, start: number): number {
  let at = start + 1
  for (;;) {
    const quote = text.indexOf('"', at)
    if (quote < 0) return text.length
    let slashes = 0
    for (let back = quote - 1; text.charCodeAt(back) === BACKSLASH; back--) slashes++
    if (slashes % 2 === 0) return quote + 1
    at = quote + 1
  }
}

function decodeKey(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1)
  return inner.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : inner
}

const isDelimiter = (code: number): boolean =>
  code === 0x2c || code === 0x7d || code === 0x5d || code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x3a

const WHOLE_NUMBER = /^-?\d+$/

/** What reading this number token as a JavaScript number alters, or null when the value is held exactly. */
export function numberAlteration(token: string): string | null {
  const value = Number(token)
  if (!Number.isFinite(value)) return `the number ${token} is beyond the range a JSON number can be read into (it would become null)`
  if (WHOLE_NUMBER.test(token) && !Number.isSafeInteger(value)) {
    return `the whole number ${token} is beyond 2^53 and would be rounded to ${String(value)}`
  }
  return null
}

export function scanObjectText(text: string): ScannedObject {
  const fields = new Map<string, FieldText>()
  let duplicateField: string | null = null
  /**
   * One entry per open container: its keys so far for an object, null for an array. Arrays, not sets: the
   * objects inside a record are small, and a set per object cost more than the scan of its text (measured).
   */
  const open: Array<string[] | null> = []
  let expectKey = false
  /** The top-level field whose value is being read: its name, where its text starts, and what reading alters. */
  let name = ''
  let start = -1
  let alteration: string | null = null

  const finish = (end: number): void => {
    if (fields.has(name)) duplicateField ??= name
    else fields.set(name, { text: text.slice(start, end), alteration })
  }

  let at = 0
  const length = text.length
  while (at < length) {
    const code = text.charCodeAt(at)
    switch (code) {
      case 0x20:
      case 0x0a:
      case 0x0d:
      case 0x09:
      case 0x3a: // ':' — the value that follows begins the field's text
        at++
        break
      case 0x7b: // '{'
      case 0x5b: // '['
        if (open.length === 1 && start < 0) start = at
        open.push(code === 0x7b ? [] : null)
        expectKey = code === 0x7b
        at++
        break
      case 0x7d: // '}'
      case 0x5d: // ']'
        open.pop()
        expectKey = false
        at++
        if (open.length === 1) finish(at)
        break
      case 0x2c: // ','
        expectKey = open[open.length - 1] !== null
        at++
        break
      case QUOTE: {
        const end = stringEnd(text, at)
        if (expectKey) {
          const key = decodeKey(text, at, end)
          const keys = open[open.length - 1] as string[]
          if (open.length === 1) {
            name = key
            start = -1
            alteration = null
          } else if (alteration === null && keys.includes(key)) {
            alteration = `the key "${key}" appears twice inside it, and reading it keeps only the last`
          }
          keys.push(key)
          expectKey = false
        } else if (open.length === 1) {
          start = at
          finish(end)
        }
        at = end
        break
      }
      default: {
        // A number or a literal. Only a long one or one with an exponent can be beyond what a number holds.
        let end = at + 1
        let exponent = false
        while (end < length) {
          const next = text.charCodeAt(end)
          if (isDelimiter(next)) break
          if (next === 0x65 || next === 0x45) exponent = true
          end++
        }
        if ((exponent || end - at >= 16) && alteration === null && (code === 0x2d || (code >= 0x30 && code <= 0x39))) {
          alteration = numberAlteration(text.slice(at, end))
        }
        if (open.length === 1) {
          start = at
          finish(end)
        }
        at = end
      }
    }
  }
  return { fields, duplicateField }
}
