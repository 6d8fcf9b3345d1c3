import { openRecord } from '../stores/open-record.ts'

/** A key in a failure list that opens its record in the record view (to view, fix or delete it). */
export function RecordLink({ recordKey, onOpen }: { recordKey: string; /** Before it opens (a dialog closing itself). */ onOpen?: () => void }) {
  return (
    <button
      type="button"
      className="link-button mono"
      onClick={() => {
        onOpen?.()
        void openRecord(recordKey)
      }}
      aria-label={`Open record ${recordKey}`}
    >
      {recordKey}
    </button>
  )
}
