import { errorAdvice } from '../../../shared/errors.ts'
import { retryNow } from '../stores/connection.ts'
import { useOperationStore } from '../stores/operation.store.ts'

/** While the host gives no answer: one persistent alert, which goes by itself once the host answers again. */
export function LostConnectionBanner() {
  const lost = useOperationStore((state) => state.hostLost)
  if (!lost) return null
  return (
    <div role="alert" className="banner banner-error" aria-label="Lost connection to the host">
      <div className="banner-text">
        <p className="banner-title">
          <span aria-hidden="true">✗ </span>Lost connection to the host
        </p>
        <p className="banner-advice">
          Actions are disabled until it is back; the page asks again every few seconds and reads everything again when it answers.
        </p>
        <p className="banner-meta">{errorAdvice.HOST_UNREACHABLE}</p>
      </div>
      <button type="button" className="btn btn-small" onClick={() => void retryNow()}>
        Retry now
      </button>
    </div>
  )
}
