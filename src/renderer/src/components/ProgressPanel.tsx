import { progressPhaseLabels, type ProgressEvent } from '../../../shared/progress.ts'
import { formatEta, formatNumber, formatPercent } from '../format/format-values.ts'
import { cancelRunning, operationInWords, useOperationStore } from '../stores/operation.store.ts'

/** What the panel says of `progress`: a pure function, so the words are tested without a page. */
export function progressFigures(progress: ProgressEvent | null) {
  const done = progress?.done ?? 0
  const total = progress?.total ?? 0
  const percent = formatPercent(done, total)
  const fraction = total > 0 ? Math.min(1, done / total) : 0
  const phase = progress ? progressPhaseLabels[progress.phase] : 'Starting'
  // A backup's total is estimated from the store's table sizes until its scan ends: said as "about".
  const about = progress?.totalIsEstimate ? 'about ' : ''
  const valueText = progress ? `${phase}: ${formatNumber(done)} of ${about}${formatNumber(total)} (${percent})` : 'Starting…'
  return { done, total, percent, fraction, phase, about, valueText, eta: progress ? formatEta(progress.etaSeconds) : '–', overall: overallFigures(progress) }
}

/** The operation as a whole, when it has several phases: "Phase 1 of 2 · 50% overall"; null for one phase. */
export function overallFigures(progress: ProgressEvent | null) {
  const overall = progress?.overall
  if (!overall || overall.phases < 2) return null
  const percent = formatPercent(overall.done, overall.total)
  const fraction = overall.total > 0 ? Math.min(1, overall.done / overall.total) : 0
  return { ...overall, percent, fraction, text: `Phase ${overall.phase} of ${overall.phases} · ${percent} overall` }
}

/**
 * The running operation: a live per-item bar for the phase (done/total, percent, rate, ETA, phase and step), above it
 * a thin one for the whole operation when it has several phases (so the bar does not restart at 0), and Cancel.
 */
export function ProgressPanel() {
  const running = useOperationStore((state) => state.running)
  const hostOperation = useOperationStore((state) => state.hostOperation)
  const progress = useOperationStore((state) => state.progress)
  const cancelRequested = useOperationStore((state) => state.cancelRequested)
  if (!running && !hostOperation) return null

  const label = running?.label ?? `Another window's ${hostOperation ? operationInWords(hostOperation) : 'operation'}`
  const { done, total, percent, fraction, phase, about, valueText, eta, overall } = progressFigures(progress)

  return (
    <section className="panel progress-panel" aria-labelledby="progress-title" aria-busy="true">
      <div className="progress-head">
        <h2 id="progress-title" className="panel-title">
          <span className="spinner" aria-hidden="true" /> {label}
        </h2>
        {running && (
          <button type="button" className="btn btn-danger-outline" onClick={() => void cancelRunning()} disabled={cancelRequested}>
            {cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {overall && (
        <div className="progress-overall">
          <div
            role="progressbar"
            aria-label="Overall progress"
            aria-valuemin={0}
            aria-valuemax={overall.total}
            aria-valuenow={overall.done}
            aria-valuetext={overall.text}
            className="progress-track progress-track-overall"
            data-testid="overall-progress"
          >
            <div className="progress-fill" style={{ width: `${(overall.fraction * 100).toFixed(2)}%` }} />
          </div>
          <p className="muted small" data-testid="overall-progress-text">
            {overall.text}
          </p>
        </div>
      )}
      <div
        role="progressbar"
        aria-label={overall ? `${label}: ${phase}` : label}
        data-testid="phase-progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={valueText}
        className="progress-track"
      >
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </div>
      <dl className="progress-facts">
        <div>
          <dt>Phase</dt>
          <dd data-testid="progress-phase">{phase}</dd>
        </div>
        <div>
          <dt>Done</dt>
          <dd>
            {formatNumber(done)} / {about}
            {formatNumber(total)} <strong>{percent}</strong>
          </dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{progress ? `${formatNumber(Math.round(progress.itemsPerSecond))} items/s` : '–'}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd>{eta}</dd>
        </div>
        {progress?.step && (
          <div className="progress-step">
            <dt>Step</dt>
            <dd>{progress.step}</dd>
          </div>
        )}
      </dl>
      {cancelRequested && <p className="muted small">Cancelling: the store is being put back as it was before the operation.</p>}
    </section>
  )
}
