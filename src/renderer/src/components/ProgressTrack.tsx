/** How much of the bar is filled: 0 to 1. */
export function fractionOf(done: number, total: number): number {
  return total > 0 ? Math.min(1, done / total) : 0
}

/** One bar, read by screen readers through its progressbar attributes. */
export function ProgressTrack(props: { label: string; done: number; total: number; valueText: string; fraction: number; testId: string; className?: string }) {
  return (
    <div
      role="progressbar"
      aria-label={props.label}
      data-testid={props.testId}
      aria-valuemin={0}
      aria-valuemax={props.total}
      aria-valuenow={props.done}
      aria-valuetext={props.valueText}
      className={props.className ? `progress-track ${props.className}` : 'progress-track'}
    >
      <div className="progress-fill" style={{ width: `${(props.fraction * 100).toFixed(2)}%` }} />
    </div>
  )
}
