import type { FieldChange } from '../../../shared/backup-inspect.ts'

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The top-level fields that differ between two JSON records, in the after-record's field order with removed
 * fields last (the order the app's sample diff shows); null when either is not a JSON object. Values compare by
 * their JSON text, so a nested change shows as a change of its top-level field.
 */
export function diffFields(before: unknown, after: unknown): FieldChange[] | null {
  if (!isObject(before) || !isObject(after)) return null
  const changes: FieldChange[] = []
  for (const [field, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, field)) changes.push({ field, change: 'added', after: value })
    else if (JSON.stringify(before[field]) !== JSON.stringify(value)) changes.push({ field, change: 'changed', before: before[field], after: value })
  }
  for (const [field, value] of Object.entries(before)) {
    if (!Object.hasOwn(after, field)) changes.push({ field, change: 'removed', before: value })
  }
  return changes
}
