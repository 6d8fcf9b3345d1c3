import { errorAdvice } from '../../../shared/errors.ts'
import { useErrorStore } from '../stores/errors.store.ts'
import { RecordLink } from './RecordLink.tsx'
import { SetAsideButton } from './SetAsideDialog.tsx'

/** A failed migration's next steps: open each record it failed on (view, fix, delete), or set every invalid one aside. */
function FailedRecords({ keys }: { keys: readonly string[] }) {
  return (
    <div className="actions banner-actions">
      {keys.length > 0 && <span className="small">Failing {keys.length === 1 ? 'record' : 'records'}:</span>}
      {keys.map((key) => (
        <RecordLink key={key} recordKey={key} />
      ))}
      <SetAsideButton />
    </div>
  )
}

/**
 * Every coded error, newest first: what failed, the host's message, the code, and what to do about it (the same
 * advice the CLI prints, from errorAdvice).
 */
export function ErrorBanners() {
  const banners = useErrorStore((state) => state.banners)
  const dismiss = useErrorStore((state) => state.dismiss)
  if (banners.length === 0) return null
  return (
    <div className="banners">
      {banners.map((banner) => (
        <div key={banner.id} role="alert" className={`banner banner-${banner.tone}`} aria-label={`${banner.contexts[0] ?? 'Error'}: ${banner.code}`}>
          <div className="banner-text">
            <p className="banner-title">
              <span aria-hidden="true">{banner.tone === 'warning' ? '⚠ ' : '✗ '}</span>
              {banner.message}
            </p>
            <p className="banner-advice">{errorAdvice[banner.code]}</p>
            {banner.code === 'MIGRATION_FAILED' && <FailedRecords keys={banner.keys} />}
            <p className="banner-meta">
              Code <code className="code-chip">{banner.code}</code> · {banner.contexts.join(', ')}
            </p>
          </div>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(banner.id)} aria-label={`Dismiss: ${banner.message}`}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  )
}
