import { z } from 'zod'

export const progressPhaseSchema = z.enum(['count', 'backup', 'migrate', 'rollback', 'verify', 'restore', 'dry-run', 'compare'])
export type ProgressPhase = z.infer<typeof progressPhaseSchema>

/**
 * The whole operation, across its phases: items done and to do in every phase (the phases not started yet are
 * estimated), and which phase of how many this is. Absent for work of one phase.
 */
export const overallProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  phase: z.number().int().positive(),
  phases: z.number().int().positive()
})
export type OverallProgress = z.infer<typeof overallProgressSchema>

/**
 * A progress report for long work. `total` is known when the phase starts, or (a backup) estimated from the
 * store's table sizes and refined as the phase goes; the last event of a phase has done = total.
 */
export const progressEventSchema = z.object({
  phase: progressPhaseSchema,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  itemsPerSecond: z.number().nonnegative(),
  /**
   * Seconds left at the current rate; null until the rate is worth extrapolating (see ProgressTracker: the first
   * moments of a phase, start-up included, would promise hours for a job of seconds).
   */
  etaSeconds: z.number().nonnegative().nullable(),
  /** True while `total` is an estimate (a backup's, from the store's table sizes), refined as it goes; never on the last event. */
  totalIsEstimate: z.boolean().optional(),
  /** The step being run (a migration's name), when the phase has steps. */
  step: z.string().nullable(),
  /** The operation as a whole, when it runs several phases (a migration: backup, then migrate). */
  overall: overallProgressSchema.optional()
})
export type ProgressEvent = z.infer<typeof progressEventSchema>

/** The whole operation's figure worth showing beside the phase's: only when the operation has several phases. */
export function overallOfSeveralPhases(event: ProgressEvent | null): OverallProgress | null {
  const overall = event?.overall
  return overall && overall.phases > 1 ? overall : null
}
export type ProgressListener = (event: ProgressEvent) => void

/** What each phase is called on screen, by the CLI's progress line and the app's progress panel. */
export const progressPhaseLabels: Record<ProgressPhase, string> = {
  count: 'Counting',
  backup: 'Backing up',
  migrate: 'Migrating',
  rollback: 'Rolling back',
  verify: 'Verifying',
  restore: 'Restoring',
  'dry-run': 'Dry run',
  compare: 'Comparing'
}
