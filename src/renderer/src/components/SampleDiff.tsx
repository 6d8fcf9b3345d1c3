import { Fragment, useId, useState, type ReactNode } from 'react'

type Change = 'same' | 'added' | 'removed' | 'changed'

interface Field {
  key: string
  change: Change
  before: unknown
  after: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Top-level fields of the sample record, in the after-record's order with removed ones after, each marked. */
export function diffFields(before: unknown, after: unknown): Field[] | null {
  if (!isObject(before) || !isObject(after)) return null
  const keys = [...Object.keys(after), ...Object.keys(before).filter((key) => !(key in after))]
  return keys.map((key) => {
    const change: Change = !(key in before)
      ? 'added'
      : !(key in after)
        ? 'removed'
        : JSON.stringify(before[key]) === JSON.stringify(after[key])
          ? 'same'
          : 'changed'
    return { key, change, before: before[key], after: after[key] }
  })
}

const marks: Record<Change, string> = { same: ' ', added: '+', removed: '−', changed: '~' }

function fieldText(field: Field, side: 'before' | 'after'): string[] | null {
  const absent = side === 'before' ? field.change === 'added' : field.change === 'removed'
  if (absent) return null
  const value = side === 'before' ? field.before : field.after
  return `${JSON.stringify(field.key)}: ${JSON.stringify(value, null, 2)}`.split('\n')
}

/** One field on one side, padded to as many lines as the other side's, so both columns stay aligned. */
function FieldLines({ field, side }: { field: Field; side: 'before' | 'after' }) {
  const own = fieldText(field, side)
  const other = fieldText(field, side === 'before' ? 'after' : 'before')
  const height = Math.max(own?.length ?? 0, other?.length ?? 0)
  const lines = own ?? []
  const tone = own === null ? 'absent' : field.change === 'same' ? 'same' : field.change === 'changed' ? 'changed' : side === 'before' ? 'removed' : 'added'
  // An absent field still ends its (empty) first line with the newline below: pad one line less, or every
  // absent field makes its column a line taller than the other and the columns drift apart.
  const padding = '\n'.repeat(height - Math.max(lines.length, 1))
  return (
    <span className={`diff-line diff-${tone}`}>
      <span className="diff-mark" aria-hidden="true">
        {own === null || field.change === 'same' ? ' ' : marks[field.change]}
      </span>
      {lines.join('\n  ')}
      {'\n'}
      {padding}
    </span>
  )
}

/** The dry run's sample record before and after the migration, with changed, added and removed fields marked. */
export function SampleDiff({
  sample,
  from,
  to,
  captions
}: {
  sample: { key: string; before: unknown; after: unknown }
  from: number
  to: number
  /** Column titles when the two sides are not a migration's before and after (a backup against the store). */
  captions?: { before: string; after: string }
}) {
  const [showAll, setShowAll] = useState(false)
  const toggleId = useId()
  const fields = diffFields(sample.before, sample.after)
  const changed = fields?.filter((field) => field.change !== 'same') ?? []
  return (
    <div className="sample">
      {fields && (
        <p className="small">
          Changes:{' '}
          {changed.length === 0
            ? 'none'
            : changed.map((field, index) => (
                <Fragment key={field.key}>
                  {index > 0 && ', '}
                  <code className={`diff-chip diff-${field.change}`}>
                    {marks[field.change]}
                    {field.key}
                  </code>
                </Fragment>
              ))}
        </p>
      )}
      {fields && (
        <label className="field-inline small" htmlFor={toggleId}>
          <input id={toggleId} type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} />
          Show unchanged fields
        </label>
      )}
      <div className="diff">
        {(['before', 'after'] as const).map((side) => (
          <figure key={side}>
            <figcaption>{captions ? captions[side] : side === 'before' ? `Before (v${from})` : `After (v${to})`}</figcaption>
            <pre className="json" tabIndex={0} aria-label={side === 'before' ? 'Sample record before' : 'Sample record after'}>
              {fields ? (
                <>
                  {'{\n'}
                  {renderFields(fields, side, showAll)}
                  {'}'}
                </>
              ) : (
                JSON.stringify(side === 'before' ? sample.before : sample.after, null, 2)
              )}
            </pre>
          </figure>
        ))}
      </div>
    </div>
  )
}

/** Every field, or only the changed ones with each run of unchanged fields folded into one line. */
function renderFields(fields: Field[], side: 'before' | 'after', showAll: boolean): ReactNode[] {
  const out: ReactNode[] = []
  let folded = 0
  const flush = (at: string): void => {
    if (folded === 0) return
    out.push(
      <span key={`fold-${at}`} className="diff-line diff-fold">
        {`  … ${folded} unchanged field${folded === 1 ? '' : 's'}\n`}
      </span>
    )
    folded = 0
  }
  for (const field of fields) {
    if (!showAll && field.change === 'same') {
      folded++
      continue
    }
    flush(field.key)
    out.push(<FieldLines key={field.key} field={field} side={side} />)
  }
  flush('end')
  return out
}
