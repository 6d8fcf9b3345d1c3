/**
 * The timestamps Meridian's `DateTime<Utc>` fields accept: chrono's RFC 3339 parser, as its serde reads a string.
 * `YYYY-MM-DD`, then `T` or a space, `hh:mm:ss` with a leap second `:60` allowed, a fraction of any length, and
 * `Z` or an offset `±hh:mm` / `±hhmm` (hours below 24, minutes below 60); the date must exist in the calendar.
 * Meridian itself writes `Z` with 0, 3, 6 or 9 fraction digits.
 *
 * The Rust conformance checker (test/conformance/meridian-rules) runs the same cases through chrono itself. It
 * also accepts a few forms no Meridian writes (spaces between components, one-digit fields, `UTC`, a signed
 * year); those are left out here on purpose: a record holding one is refused, never rewritten.
 */
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):?(\d{2}))$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

export function isChronoDateTime(value: string): boolean {
  const match = SHAPE.exec(value)
  if (!match) return false
  const [, year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
  const m = Number(month)
  if (m < 1 || m > 12) return false
  const d = Number(day)
  const days = m === 2 && isLeapYear(Number(year)) ? 29 : (DAYS_IN_MONTH[m - 1] as number)
  if (d < 1 || d > days) return false
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return false
  if (offsetHours !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return false
  return true
}
