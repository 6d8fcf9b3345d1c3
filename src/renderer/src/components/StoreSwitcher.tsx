import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { chooseStore, openStore } from '../stores/store-switch.ts'

/** Desktop only: "Open data directory…" (native folder picker) and the recent stores. */
export function StoreSwitcher() {
  const info = useStatusStore((state) => state.info)
  const busy = useOperationStore(busyReason)
  if (!info?.canOpenOtherStores) return null
  const recent = info.recentStores.filter((dir) => dir !== info.dataDir)
  return (
    <div className="store-switcher">
      <button type="button" className="btn btn-small" onClick={() => void chooseStore()} disabled={busy !== null} title={busy ?? undefined}>
        Open data directory…
      </button>
      {recent.length > 0 && (
        <label className="field-inline">
          <span>Recent</span>
          <select
            value=""
            disabled={busy !== null}
            onChange={(event) => {
              if (event.target.value) void openStore(event.target.value)
            }}
          >
            <option value="">Switch to…</option>
            {recent.map((dir) => (
              <option key={dir} value={dir}>
                {dir}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  )
}
