/**
 * A timestamp as Meridian's chrono writes a `DateTime<Utc>` (RFC 3339, `Z`, seconds format AutoSi): no fraction
 * when the nanoseconds are 0, else the fewest of 3, 6 or 9 digits that hold them.
 */
export function chronoTimestamp(ms: number, subMillisecondNanos = 0): string {
  const whole = Math.floor(ms / 1000) * 1000
  const nanos = (ms - whole) * 1_000_000 + subMillisecondNanos
  const seconds = new Date(whole).toISOString().slice(0, 19)
  if (nanos === 0) return `${seconds}Z`
  const digits = String(nanos).padStart(9, '0')
  if (nanos % 1_000_000 === 0) return `${seconds}.${digits.slice(0, 3)}Z`
  if (nanos % 1000 === 0) return `${seconds}.${digits.slice(0, 6)}Z`
  return `${seconds}.${digits}Z`
}
