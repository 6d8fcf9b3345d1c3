import { useEffect } from 'react'
import { connectApiClient } from './api/api-client.ts'
import { BackupInspector } from './components/BackupInspector.tsx'
import { BackupsPanel } from './components/BackupsPanel.tsx'
import { ErrorBanners } from './components/ErrorBanners.tsx'
import { HistoryPanel } from './components/HistoryPanel.tsx'
import { LostConnectionBanner } from './components/LostConnectionBanner.tsx'
import { NoStoreOpen } from './components/NoStoreOpen.tsx'
import { PlanPanel } from './components/PlanPanel.tsx'
import { ProgressPanel } from './components/ProgressPanel.tsx'
import { RecordsPanel } from './components/RecordsPanel.tsx'
import { SetAsideDialog } from './components/SetAsideDialog.tsx'
import { SetAsidePanel } from './components/SetAsidePanel.tsx'
import { StoreHeader } from './components/StoreHeader.tsx'
import { useHostEvents } from './hooks/useHostEvents.ts'
import { busyReason, useOperationStore } from './stores/operation.store.ts'
import { windowTitle } from './format/window-title.ts'
import { refreshAll } from './stores/refresh-all.ts'
import { useStatusStore } from './stores/status.store.ts'

const sections = [
  { id: 'plan', label: 'Plan' },
  { id: 'history', label: 'History' },
  { id: 'backups', label: 'Backups' },
  { id: 'records', label: 'Records' }
]

export function App() {
  const { host } = connectApiClient()
  const loading = useStatusStore((state) => state.loading)
  const busy = useOperationStore(busyReason)
  const dataDir = useStatusStore((state) => state.info?.dataDir)
  const noStore = dataDir === null
  useHostEvents()
  useEffect(() => {
    void refreshAll()
  }, [])
  useEffect(() => {
    document.title = windowTitle(dataDir)
  }, [dataDir])

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <h1>Meridian Admin</h1>
          <span className="host-chip" title={host === 'desktop' ? 'Desktop app (Electron)' : 'Loopback web host'}>
            {host === 'desktop' ? 'Desktop' : 'Web'}
          </span>
        </div>
        {!noStore && (
          <nav aria-label="Sections" className="section-nav">
            {sections.map((section) => (
              <a key={section.id} href={`#${section.id}`}>
                {section.label}
              </a>
            ))}
          </nav>
        )}
        <button
          type="button"
          className="btn btn-small topbar-refresh"
          onClick={() => void refreshAll()}
          disabled={loading || busy !== null}
          title={busy ?? 'Read the store again'}
        >
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <main className="content">
        <LostConnectionBanner />
        <ErrorBanners />
        {noStore ? (
          <NoStoreOpen />
        ) : (
          <>
            <StoreHeader />
            <ProgressPanel />
            <PlanPanel />
            <HistoryPanel />
            <BackupsPanel />
            <BackupInspector />
            <RecordsPanel />
            <SetAsidePanel />
            <SetAsideDialog />
          </>
        )}
      </main>
    </div>
  )
}
