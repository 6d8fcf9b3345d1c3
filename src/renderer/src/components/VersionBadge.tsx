import type { StoreStatus } from '../../../shared/store-status.ts'

export type StoreState = 'up-to-date' | 'migration-needed' | 'too-new' | 'not-meridian'

export function storeStateOf(status: Pick<StoreStatus, 'upToDate' | 'tooNew' | 'identity'>): StoreState {
  if (status.identity === 'not-meridian') return 'not-meridian'
  if (status.tooNew) return 'too-new'
  return status.upToDate ? 'up-to-date' : 'migration-needed'
}

const labels: Record<StoreState, { text: string; icon: string }> = {
  'up-to-date': { text: 'Up to date', icon: '✓' },
  'migration-needed': { text: 'Migration needed', icon: '↑' },
  'too-new': { text: 'Newer than supported', icon: '⚠' },
  'not-meridian': { text: 'Not a Meridian store', icon: '✗' }
}

/** The store's state at a glance: colour, icon and words (never colour alone). */
export function VersionBadge({ status }: { status: Pick<StoreStatus, 'upToDate' | 'tooNew' | 'identity'> }) {
  const state = storeStateOf(status)
  const { text, icon } = labels[state]
  return (
    <span className={`badge badge-${state}`} data-testid="store-state">
      <span aria-hidden="true">{icon}</span> {text}
    </span>
  )
}

/** A record's own schema_version, as a small chip. */
export function RecordVersionChip({ version, target }: { version: number | null; target: number }) {
  if (version === null) return <span className="chip chip-invalid">not JSON object</span>
  const tone = version === target ? 'current' : version > target ? 'invalid' : 'old'
  return (
    <span className={`chip chip-${tone}`} title={`schema_version ${version}`}>
      v{version}
    </span>
  )
}
