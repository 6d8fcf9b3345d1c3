import { overallOfSeveralPhases, progressPhaseLabels, type ProgressEvent } from '../../../shared/progress.ts'
import { formatEta, formatNumber, formatPercent } from '../format/format-values.ts'
import { cancelRunning, operationInWords, useOperationStore } from '../stores/operation.store.ts'
import { fractionOf, ProgressTrack } from './ProgressTrack.tsx'

/** What the panel says of `progress`: a pure function, so the words are tested without a page. */
export function progressFigures(progress: ProgressEvent | null) {
  const done = progress?.done ?? 0
  const total = progress?.total ?? 0
  const percent = formatPercent(done, total)
  const fraction = fractionOf(done, total)
  const phase = progress ? progressPhaseLabels[progress.phase] : 'Starting'
  // A backup's total is estimated from the store's table sizes until its scan ends: said as "about".
  const about = progress?.totalIsEstimate ? 'about ' : ''
  const valueText = progress ? `${phase}: ${formatNumber(done)} of ${about}${formatNumber(total)} (${percent})` : 'Starting…'
  return { done, total, percent, fraction, phase, about, valueText, eta: progress ? formatEta(progress.etaSeconds) : '–', overall: overallFigures(progress) }
}

/** What the panel says of a cancel: asked for, too late for one, or nothing to say. */
export function cancelStateText(committed: boolean, cancelRequested: boolean): string {
  if (committed && cancelRequested) return 'Too late to cancel: the change had already been committed, and stands. Finishing…'
  if (committed) return 'Committed: the change is on disk and can no longer be cancelled. Finishing…'
  if (cancelRequested) return 'Cancelling: the store is being put back as it was before the operation.'
  return ''
}

/** The operation as a whole, when it has several phases: "Phase 1 of 2 · 50% overall"; null for one phase. */
export function overallFigures(progress: ProgressEvent | null) {
  const overall = overallOfSeveralPhases(progress)
  if (!overall) return null
  const percent = formatPercent(overall.done, overall.total)
  const fraction = fractionOf(overall.done, overall.total)
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
  const committed = useOperationStore((state) => state.committed)
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
          <button type="button" className="btn btn-danger-outline" onClick={() => void cancelRunning()} disabled={cancelRequested || committed}>
            {committed ? 'Committed' : cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {overall && (
        <div className="progress-overall">
          <ProgressTrack
            label="Overall progress"
            done={overall.done}
            total={overall.total}
            valueText={overall.text}
            fraction={overall.fraction}
            className="progress-track-overall"
            testId="overall-progress"
          />
          <p className="muted small" data-testid="overall-progress-text">
            {overall.text}
          </p>
        </div>
      )}
      <ProgressTrack
        label={overall ? `${label}: ${phase}` : label}
        done={done}
        total={total}
        valueText={valueText}
        fraction={fraction}
        testId="phase-progress"
      />
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
      <p className="muted small" role="status" data-testid="cancel-state">
        {cancelStateText(committed, cancelRequested)}
      </p>
    </section>
  )
}
