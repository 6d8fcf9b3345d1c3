import { errorAdvice } from '../../../shared/errors.ts'
import { useErrorStore } from '../stores/errors.store.ts'
import { statusPrefixes } from '../stores/open-record.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { RecordLink } from './RecordLink.tsx'
import { SetAsideButton } from './SetAsideDialog.tsx'

/** The store's keys a message names ("… task:zz-corrupt: Unexpected end …"): words that start with one of its prefixes. */
export function keysNamed(message: string, prefixes: readonly string[]): string[] {
  const words = message.match(/[^\s,;'"()]+/g) ?? []
  const keys = words
    .map((word) => word.replace(/[:.]+$/, ''))
    .filter((word) => prefixes.some((prefix) => prefix !== '' && word.startsWith(prefix) && word.length > prefix.length))
  return [...new Set(keys)]
}

/** A failed migration's next steps: open each record it names (view, fix, delete), or set every invalid one aside. */
function FailedRecords({ message }: { message: string }) {
  const status = useStatusStore((state) => state.status)
  const keys = keysNamed(message, statusPrefixes(status))
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
            {banner.code === 'MIGRATION_FAILED' && <FailedRecords message={banner.message} />}
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
