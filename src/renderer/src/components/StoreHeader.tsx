import { errorAdvice, versionTooNewMessage } from '../../../shared/errors.ts'
import { MERIDIAN_KEYS_TEXT, storeInUseNotice, storeKindLabels } from '../../../shared/store-status.ts'
import { FormatUpgradeNotice } from './FormatUpgradeNotice.tsx'
import { useStatusStore } from '../stores/status.store.ts'
import { RecordCounts } from './RecordCounts.tsx'
import { StoreHolding } from './StoreHolding.tsx'
import { StoreSwitcher } from './StoreSwitcher.tsx'
import { VersionBadge } from './VersionBadge.tsx'

/** Where the store stands, at a glance: which directory, which version against which target, what it holds. */
export function StoreHeader() {
  const info = useStatusStore((state) => state.info)
  const status = useStatusStore((state) => state.status)
  const counts = useStatusStore((state) => state.counts)
  if (!status) {
    return (
      <section className="panel store-header" aria-label="Store">
        <p className="muted">{info ? 'Reading the store…' : 'Connecting to the host…'}</p>
      </section>
    )
  }
  return (
    <section className="panel store-header" aria-labelledby="store-title">
      <div className="store-summary">
        <div className="store-where">
          <h2 id="store-title" className="eyebrow">
            Data directory
          </h2>
          <p className="data-dir" title={status.dataDir}>
            {status.dataDir}
          </p>
          <p className="muted small" data-testid="store-kind">
            {storeKindLabels[status.kind]} store
          </p>
          {info && (
            <p className="muted small">
              Backups in <span className="path">{info.backupDir}</span>
            </p>
          )}
          {info && <StoreHolding info={info} />}
          <StoreSwitcher />
        </div>
        <div className="store-version" aria-label="Schema version">
          <div className="version-pair">
            <div>
              <span className="eyebrow">Current</span>
              <span className="version-number" data-testid="current-version">
                {status.identity === 'not-meridian' ? '—' : `v${status.currentVersion}`}
              </span>
            </div>
            <span className="version-arrow" aria-hidden="true">
              →
            </span>
            <div>
              <span className="eyebrow">Target</span>
              <span className="version-number" data-testid="target-version">
                v{status.targetVersion}
              </span>
            </div>
          </div>
          <VersionBadge status={status} />
        </div>
      </div>
      <FormatUpgradeNotice status={status} confirming={false} />
      {status.inUseBy.length > 0 && (
        <div className="callout callout-warning" role="status" aria-label="Store in use" data-testid="store-in-use">
          <p>
            <strong>
              <span aria-hidden="true">⚠ </span>In use by another process.
            </strong>{' '}
            {storeInUseNotice(status.inUseBy)}
          </p>
        </div>
      )}
      {status.recovery && (
        <div className="callout callout-warning" role="status" aria-label="Interrupted operation recovered">
          <p>
            <strong>
              <span aria-hidden="true">⚠ </span>
              {{ migrate: 'An interrupted migration', restore: 'An interrupted restore', repair: 'An interrupted repair' }[status.recovery.operation]} was{' '}
              {status.recovery.outcome === 'completed' ? 'completed' : 'reverted'} when the store was opened.
            </strong>{' '}
            {status.recovery.message}
          </p>
        </div>
      )}
      {status.identity === 'not-meridian' && (
        <div className="banner banner-error" role="alert" aria-label="Not a Meridian store">
          <div className="banner-text">
            <p className="banner-title">
              <span aria-hidden="true">✗ </span>Not a Meridian store: it holds none of Meridian's keys ({MERIDIAN_KEYS_TEXT}). Its key prefixes are listed
              below.
            </p>
            <p className="banner-advice">{errorAdvice.NOT_A_MERIDIAN_STORE} Migration is disabled.</p>
            <p className="banner-meta">
              Code <code className="code-chip">NOT_A_MERIDIAN_STORE</code>
            </p>
          </div>
        </div>
      )}
      {status.tooNew && (
        <div className="banner banner-error" role="alert" aria-label="Store newer than supported">
          <div className="banner-text">
            <p className="banner-title">
              <span aria-hidden="true">✗ </span>
              {versionTooNewMessage(status.currentVersion, status.targetVersion)}.
            </p>
            <p className="banner-advice">{errorAdvice.VERSION_TOO_NEW} Migration is disabled; browsing and backups still work.</p>
            <p className="banner-meta">
              Code <code className="code-chip">VERSION_TOO_NEW</code>
            </p>
          </div>
        </div>
      )}
      <RecordCounts counts={counts} prefixes={status.prefixes} target={status.targetVersion} />
    </section>
  )
}
