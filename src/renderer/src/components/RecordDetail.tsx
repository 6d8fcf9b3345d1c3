import type { ReactNode } from 'react'
import { formatBytes } from '../format/format-values.ts'
import type { RecordSummary } from '../../../shared/record-summary.ts'
import { CopyButton } from './CopyButton.tsx'
import { RecordVersionChip } from './VersionBadge.tsx'

interface Props {
  record: RecordSummary | null
  /** The store's target version, which the record's version chip is compared with. */
  target: number
  /** Where the record is read from, for screen readers ("in the backup"); empty for the store itself. */
  whereLabel?: string
  /** What stands in the pane when no record is selected. */
  placeholder: ReactNode
  /** Under the JSON: what may be done with the record (the store's record view repairs it). */
  children?: (record: RecordSummary, text: string) => ReactNode
}

/** The record's value as shown and copied: its raw text when it is not JSON, else its JSON, indented. */
const recordText = (record: RecordSummary): string => (typeof record.value === 'string' ? record.value : JSON.stringify(record.value, null, 2))

/** The selected record of a paged list: key, version, size and its JSON. */
export function RecordDetail({ record, target, whereLabel = '', placeholder, children }: Props) {
  // Stringified once a render: it is shown, copied and handed to the actions below.
  const text = record ? recordText(record) : ''
  return (
    <div className="record-detail">
      {record ? (
        <>
          <p className="record-detail-head">
            <span className="mono">{record.key}</span>
            <RecordVersionChip version={record.version} target={target} />
            <span className="muted small">{formatBytes(record.bytes)}</span>
            <CopyButton text={record.key} label="Copy key" what="Key" />
            <CopyButton text={text} label="Copy value" what="Value" />
          </p>
          <pre className="json" tabIndex={0} aria-label={`JSON of ${record.key}${whereLabel ? ` ${whereLabel}` : ''}`}>
            {text}
          </pre>
          {children?.(record, text)}
        </>
      ) : (
        <p className="muted">{placeholder}</p>
      )}
    </div>
  )
}
