import { useState } from 'react'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useMigrationStore } from '../stores/migration.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { DowngradeAction } from './DowngradeAction.tsx'
import { DryRunReport } from './DryRunReport.tsx'
import { MigrateConfirmDialog } from './MigrateConfirmDialog.tsx'
import { MigrationSummary } from './MigrationSummary.tsx'

/** The pending steps, a dry run of them, and Migrate (behind a confirmation naming the backup it takes). */
export function PlanPanel() {
  const status = useStatusStore((state) => state.status)
  const info = useStatusStore((state) => state.info)
  const busy = useOperationStore(busyReason)
  const dryRun = useMigrationStore((state) => state.dryRun)
  const runDryRun = useMigrationStore((state) => state.runDryRun)
  const migrate = useMigrationStore((state) => state.migrate)
  const [confirming, setConfirming] = useState(false)
  // The loss the dry run found counts only for the migration it ran: this store, from here to the target.
  const sameRun = dryRun && status && dryRun.from === status.currentVersion && dryRun.to === status.targetVersion ? dryRun : null
  const losses = sameRun?.losses ?? null

  const blocked = !status
    ? 'Waiting for the store status.'
    : status.identity === 'not-meridian'
      ? "This is not a Meridian store (none of its keys are Meridian's): there is nothing to migrate."
      : status.tooNew
        ? `The store (v${status.currentVersion}) is newer than this tool supports (v${status.targetVersion}): nothing may migrate it.`
        : status.upToDate
          ? `The store is already at v${status.targetVersion}: nothing to migrate.`
          : null
  const reason = busy ?? blocked

  return (
    <section className="panel" id="plan" aria-labelledby="plan-title">
      <div className="panel-head">
        <h2 id="plan-title" className="panel-title">
          Migration plan
        </h2>
        <div className="actions">
          <DowngradeAction />
          <button
            type="button"
            className="btn"
            onClick={() => void runDryRun()}
            disabled={reason !== null}
            aria-describedby={reason ? 'plan-reason' : undefined}
          >
            Dry run
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setConfirming(true)}
            disabled={reason !== null}
            aria-describedby={reason ? 'plan-reason' : undefined}
          >
            Migrate…
          </button>
        </div>
      </div>
      {reason && (
        <p id="plan-reason" className="reason">
          {reason}
        </p>
      )}
      <MigrationSummary />
      {status && status.pending.length > 0 && (
        <ol className="step-list" aria-label="Pending steps">
          {status.pending.map((step) => (
            <li key={`${step.from}-${step.to}`}>
              <span className="step-versions">
                v{step.from} → v{step.to}
              </span>
              <span>{step.name}</span>
            </li>
          ))}
        </ol>
      )}
      {dryRun && <DryRunReport report={dryRun} />}
      {status && (
        <MigrateConfirmDialog
          open={confirming}
          status={status}
          backupDir={info?.backupDir ?? null}
          losses={losses}
          failures={sameRun ? { listed: sameRun.failures, omitted: sameRun.failuresOmitted } : null}
          onClose={() => setConfirming(false)}
          onConfirm={(allowDataLoss, archive) => {
            setConfirming(false)
            void migrate(allowDataLoss, archive)
          }}
        />
      )}
    </section>
  )
}
