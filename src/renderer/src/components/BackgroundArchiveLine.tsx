import { errorAdvice } from '../../../shared/errors.ts'
import { type ArchiveProgress, useBackgroundArchiveStore } from '../stores/background-archive.store.ts'
import { formatNumber } from '../format/format-values.ts'
import { progressFigures } from './ProgressPanel.tsx'
import { ProgressTrack } from './ProgressTrack.tsx'

/** What the line says of the archive, by its state (pure, so its wording is tested without a page). */
export function backgroundArchiveText(archive: ArchiveProgress, stopping: boolean): string {
  const of = `the checkpoint ${archive.checkpointId}`
  switch (archive.state) {
    case 'running':
      return stopping ? `Stopping the archive of ${of}…` : `Writing the portable archive of ${of} in the background; the app stays free to use.`
    case 'done':
      return `Archive ${archive.archiveId ?? ''} written from ${of}: a portable file to copy elsewhere and keep.`
    case 'stopped':
      return `The archive of ${of} was stopped: nothing of it was kept, and the checkpoint stays. Archive it again from its row.`
    case 'failed':
      return `The archive of ${of} failed: nothing of it was kept, and the checkpoint stays.`
  }
}

/** "217,822 of about 311,386 records written (69%)": the figures without the phase's name ("Backing up"). */
export function archivedText(figures: ReturnType<typeof progressFigures>): string {
  if (figures.total === 0) return 'Starting…'
  return `${formatNumber(figures.done)} of ${figures.about}${formatNumber(figures.total)} records written (${figures.percent})`
}

/** The archive a migration asked for, written after it committed: its progress and Stop, then how it ended. */
export function BackgroundArchiveLine() {
  const archive = useBackgroundArchiveStore((state) => state.archive)
  const stopping = useBackgroundArchiveStore((state) => state.stopping)
  const { stop, dismiss } = useBackgroundArchiveStore.getState()
  if (!archive) return null
  const running = archive.state === 'running'
  const figures = progressFigures(archive.progress)
  return (
    <div
      className={`callout background-archive ${archive.state === 'failed' ? 'callout-warning' : archive.state === 'done' ? 'callout-success' : ''}`}
      role="status"
      aria-label="Background archive"
      data-state={archive.state}
    >
      <div className="background-archive-body">
        <p className={archive.state === 'running' ? undefined : 'callout-title'}>{backgroundArchiveText(archive, stopping)}</p>
        {running && (
          <>
            <ProgressTrack
              label="Background archive progress"
              done={figures.done}
              total={figures.total}
              valueText={archivedText(figures)}
              fraction={figures.fraction}
              testId="background-archive-progress"
              className="progress-track-thin"
            />
            <p className="muted small">{archivedText(figures)}</p>
          </>
        )}
        {archive.state === 'failed' && archive.error && (
          <>
            <p className="small">{archive.error.message}</p>
            <p className="small muted">{errorAdvice[archive.error.code]}</p>
          </>
        )}
      </div>
      {running ? (
        <button type="button" className="btn btn-small" onClick={() => void stop()} disabled={stopping}>
          {stopping ? 'Stopping…' : 'Stop archive'}
        </button>
      ) : (
        <button type="button" className="btn btn-ghost btn-small" onClick={dismiss}>
          Dismiss
        </button>
      )}
    </div>
  )
}
