import { errorAdvice } from '../../../shared/errors.ts'
import { useErrorStore } from '../stores/errors.store.ts'

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
