import { isUtf8 } from 'node:buffer'
import { MeridianError } from '../../../shared/errors.ts'
import { scanObjectText } from './record-text-scan.ts'

/** A record as stored: its text, and the object JSON.parse reads from it. */
export interface RecordText {
  readonly text: string
  readonly value: Record<string, unknown>
}

/**
 * Reads a stored record for a migration: MIGRATION_FAILED naming the key when its bytes are not UTF-8 (decoding
 * would put U+FFFD in their place), not JSON, or not a JSON object.
 */
export function readRecordText(key: string, raw: Buffer): RecordText {
  const text = raw.toString('utf8')
  // U+FFFD is rare in real text, so the full check runs only when one is there to explain.
  if (text.includes('\uFFFD') && !isUtf8(raw)) {
    throw new MeridianError('MIGRATION_FAILED', `Record is not valid UTF-8, so it cannot be carried through unchanged (key ${key})`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new MeridianError('MIGRATION_FAILED', `Record is not valid JSON (key ${key})`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MeridianError('MIGRATION_FAILED', `Record is not a JSON object (key ${key})`)
  }
  return { text, value: value as Record<string, unknown> }
}

const field = (name: string, valueText: string): string => `${JSON.stringify(name)}:${valueText}`

/**
 * The bytes to store for `after`, the migrated form of `source`. Every field the migration left as it was keeps
 * its text byte for byte (an integer above 2^53, `1e400`, spacing, escapes); only fields it changed or added are
 * written anew. MIGRATION_FAILED naming the key and field when a field whose text reading alters (a rounded
 * number, a duplicate key inside it) would not come through as written, or when a field appears twice.
 *
 * Most records are written as JSON.stringify writes them (Meridian's serde does the same for these types), and
 * for those the stringified object is the text itself: one native comparison settles it, no scan.
 */
export function writeRecordText(key: string, source: RecordText, after: Record<string, unknown>): Buffer {
  if (JSON.stringify(source.value) === source.text) return Buffer.from(JSON.stringify(after), 'utf8')
  const scanned = scanObjectText(source.text)
  if (scanned.duplicateField !== null) {
    throw new MeridianError(
      'MIGRATION_FAILED',
      `Record has the field "${scanned.duplicateField}" twice; a migration would keep only one, and Meridian refuses such a record (key ${key})`
    )
  }
  const parts: string[] = []
  const carried = new Set<string>()
  for (const [name, value] of Object.entries(after)) {
    const text = JSON.stringify(value) as string | undefined
    if (text === undefined) continue
    const written = scanned.fields.get(name)
    // Left alone when it is the same JSON as the field read from the text (the equality that matters: what would
    // be written, and cheaper than a deep comparison); most fields' text is already that JSON, so one comparison.
    if (written && (text === written.text || text === JSON.stringify(source.value[name]))) {
      parts.push(field(name, written.text))
      carried.add(name)
    } else {
      parts.push(field(name, text))
    }
  }
  for (const [name, written] of scanned.fields) {
    if (written.alteration !== null && !carried.has(name)) {
      throw new MeridianError(
        'MIGRATION_FAILED',
        `Record's field "${name}" cannot be migrated without altering it: ${written.alteration}. Only fields a migration leaves as they are come through exactly as written (key ${key})`
      )
    }
  }
  return Buffer.from(`{${parts.join(',')}}`, 'utf8')
}
