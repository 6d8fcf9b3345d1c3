import { MeridianError } from '../../../../shared/errors.ts'

/** Keep at least the newest `keepNewest`; of the rest, delete those older than `olderThanDays` (fractions allowed). */
export interface RetentionPolicy {
  keepNewest: number
  olderThanDays: number
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepNewest: 5, olderThanDays: 30 }

const DAY_MS = 24 * 60 * 60 * 1000

export interface RetentionInput<B extends { id: string; createdAt: string }> {
  /** Newest first, as BackupRepository lists them. */
  backups: readonly B[]
  policy: RetentionPolicy
  /** Backups that must stay whatever their age (an interrupted operation's note names them). */
  protectedIds: ReadonlySet<string>
  /** The newest backup that verified intact; null when none did. It always stays. */
  newestVerifiedId: string | null
  now: Date
}

export interface RetentionPlan<B> {
  delete: Array<{ backup: B; reason: string }>
  keep: Array<{ backup: B; reason: string }>
}

export function validatePolicy(policy: RetentionPolicy): void {
  if (!Number.isSafeInteger(policy.keepNewest) || policy.keepNewest < 0) {
    throw new MeridianError('INVALID_INPUT', `keepNewest must be a whole number from 0, got ${String(policy.keepNewest)}`)
  }
  if (!Number.isFinite(policy.olderThanDays) || policy.olderThanDays < 0) {
    throw new MeridianError('INVALID_INPUT', `olderThanDays must be a number from 0, got ${String(policy.olderThanDays)}`)
  }
}

const formatDays = (days: number): string => (days >= 1 ? `${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'}` : `${Math.floor(days * 24)}h`)

/**
 * Which backups a retention policy deletes, and why each goes or stays. Pure. A backup goes only when it is
 * beyond the newest N and older than D days, and it is neither the newest verified backup nor protected.
 */
export function planRetention<B extends { id: string; createdAt: string }>(input: RetentionInput<B>): RetentionPlan<B> {
  const { policy, protectedIds, newestVerifiedId, now } = input
  validatePolicy(policy)
  const ordered = [...input.backups].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
  const plan: RetentionPlan<B> = { delete: [], keep: [] }
  ordered.forEach((backup, index) => {
    const keep = (reason: string): void => void plan.keep.push({ backup, reason })
    if (backup.id === newestVerifiedId) return keep('the newest backup that verifies')
    if (protectedIds.has(backup.id)) return keep('needed by an interrupted operation')
    if (index < policy.keepNewest) return keep(`among the newest ${policy.keepNewest}`)
    const created = Date.parse(backup.createdAt)
    const ageDays = (now.getTime() - created) / DAY_MS
    if (Number.isNaN(created) || ageDays <= policy.olderThanDays) {
      return keep(`not older than ${formatDays(policy.olderThanDays)}`)
    }
    plan.delete.push({ backup, reason: `beyond the newest ${policy.keepNewest} and ${formatDays(ageDays)} old` })
  })
  return plan
}
