import { useEffect, useId, useRef, useState } from 'react'
import { formatDateTime, formatNumber } from '../format/format-values.ts'
import { useBackupInspectStore, type InspectView } from '../stores/backup-inspect.store.ts'
import { useBackupsStore } from '../stores/backups.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { BackupComparisonView } from './BackupComparisonView.tsx'
import { BackupRecordsView } from './BackupRecordsView.tsx'
import '../backup-inspector.css'

const tabs: Array<{ view: InspectView; label: string }> = [
  { view: 'records', label: 'Records' },
  { view: 'compare', label: 'Compare with store' }
]

/** Puts focus back on the Browse button that opened the inspector (the row may have been re-rendered since). */
function focusOpener(id: string): void {
  document.querySelector<HTMLElement>(`tr[data-backup-id="${id}"] [data-browse]`)?.focus()
}

/**
 * One backup looked at without restoring it: its records by prefix, a page at a time, and its comparison with
 * the store. Opened by a backup row's Browse button; Close (or Escape) returns there.
 */
export function BackupInspector() {
  const backup = useBackupInspectStore((state) => state.backup)
  const backupId = backup?.id
  const view = useBackupInspectStore((state) => state.view)
  const prefix = useBackupInspectStore((state) => state.prefix)
  const backups = useBackupsStore((state) => state.backups)
  const status = useStatusStore((state) => state.status)
  const prefixes = status?.prefixes ?? []
  const [draft, setDraft] = useState(prefix)
  // The prefix box starts again from the prefix shown whenever that, or the backup, changes (adjusted while
  // rendering, as React advises, rather than in an effect that would first paint the stale text).
  const shownFor = `${backupId ?? ''}\n${prefix}`
  const [draftFor, setDraftFor] = useState(shownFor)
  if (draftFor !== shownFor) {
    setDraftFor(shownFor)
    setDraft(prefix)
  }
  const heading = useRef<HTMLHeadingElement>(null)
  const ids = useId()

  // Opening moves focus to the inspector's heading, so a keyboard user lands where the content is.
  useEffect(() => {
    if (!backupId) return
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' })
    heading.current?.focus({ preventScroll: true })
  }, [backupId])

  // A backup deleted (or restored away) meanwhile cannot be browsed any more.
  useEffect(() => {
    if (backup && backups && !backups.some((b) => b.id === backup.id)) useBackupInspectStore.getState().close()
  }, [backup, backups])

  if (!backup) return null
  const { setView, browse, close } = useBackupInspectStore.getState()
  const closeInspector = (): void => {
    close()
    focusOpener(backup.id)
  }
  const tabId = (tab: InspectView): string => `${ids}-tab-${tab}`
  const panelId = (tab: InspectView): string => `${ids}-panel-${tab}`

  return (
    <section
      className="panel inspector"
      id="backup-inspector"
      aria-labelledby={`${ids}-title`}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !(event.target instanceof HTMLInputElement && event.target.value !== '')) closeInspector()
      }}
    >
      <div className="panel-head">
        <h2 id={`${ids}-title`} className="panel-title" ref={heading} tabIndex={-1}>
          Backup <span className="mono">{backup.id}</span>
        </h2>
        <button type="button" className="btn btn-small" onClick={closeInspector}>
          Close
        </button>
      </div>
      <p className="muted small">
        v{backup.schemaVersion} · {backup.records === null ? 'records not counted yet (a verify counts them)' : `${formatNumber(backup.records)} records`} ·
        taken {formatDateTime(backup.createdAt)} ({backup.reason}). Read from the {backup.kind}: nothing is restored.
      </p>
      <form
        className="inspector-filter"
        onSubmit={(event) => {
          event.preventDefault()
          void browse(draft)
        }}
      >
        <label className="field-inline">
          <span>Prefix</span>
          <input
            className="text-input mono"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            list={`${ids}-prefixes`}
            placeholder="every key"
            maxLength={256}
            spellCheck={false}
          />
        </label>
        <datalist id={`${ids}-prefixes`}>
          {prefixes.map((prefix) => (
            <option key={prefix} value={prefix} />
          ))}
        </datalist>
        <button type="submit" className="btn btn-small">
          Show
        </button>
      </form>
      <div role="tablist" aria-label="What to see of the backup" className="tabs">
        {tabs.map((tab, index) => (
          <button
            key={tab.view}
            type="button"
            role="tab"
            id={tabId(tab.view)}
            aria-selected={view === tab.view}
            aria-controls={panelId(tab.view)}
            tabIndex={view === tab.view ? 0 : -1}
            className="tab"
            onClick={() => setView(tab.view)}
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
              if (step === 0) return
              event.preventDefault()
              const other = tabs[(index + step + tabs.length) % tabs.length]
              if (!other) return
              setView(other.view)
              document.getElementById(tabId(other.view))?.focus()
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.view} role="tabpanel" id={panelId(tab.view)} aria-labelledby={tabId(tab.view)} hidden={view !== tab.view}>
          {tab.view === 'records' ? <BackupRecordsView /> : <BackupComparisonView />}
        </div>
      ))}
    </section>
  )
}
