import type { SetAsideArchiveInfo } from '../../../shared/repair.ts'
import { formatCount, formatDateTime, formatNumber, formatRelative } from '../format/format-values.ts'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useSetAsideArchivesStore } from '../stores/set-aside-archives.store.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'
import { TableHead } from './TableHead.tsx'

/**
 * The records a set-aside moved out of the store (its archives in `<DIR>.set-aside/`), and "Put back…" once they
 * are fixed in the archive file. Shown only when the store has archives.
 */
export function SetAsidePanel() {
  const { archives, confirming, lastRestore } = useSetAsideArchivesStore()
  const { ask } = useSetAsideArchivesStore.getState()
  const busy = useOperationStore(busyReason)
  if (!archives || archives.length === 0) return null
  return (
    <section className="panel" id="set-aside" aria-labelledby="set-aside-title">
      <div className="panel-head">
        <h2 id="set-aside-title" className="panel-title">
          Set-aside records
        </h2>
        <span className="muted small">{archives.length === 1 ? '1 archive' : `${archives.length} archives`}, newest first</span>
      </div>
      <p className="small">
        Records moved out of the store so a migration could run. Fix them in the archive file (one JSON line per record), then put them back: each is checked
        first and brought to the store&apos;s version, and if one still fails nothing is written.
      </p>
      {lastRestore && (
        <p role="status" className="small" aria-label="Put-back report">
          <strong>{formatCount(lastRestore.restored, 'record')} put back</strong>
          {lastRestore.migrated > 0 ? `, ${formatNumber(lastRestore.migrated)} brought to the store's version on the way` : ''}
          {lastRestore.backupId ? `; the pre-repair backup ${lastRestore.backupId} was taken first` : ''}.
        </p>
      )}
      <div className="table-scroll">
        <table className="table" aria-label="Set-aside archives">
          <TableHead columns={['Archive', 'Set aside', { label: 'Records', numeric: true }, 'In the store', { label: 'Actions', hidden: true }]} />
          <tbody>
            {archives.map((archive) => (
              <tr key={archive.name}>
                <th scope="row" className="mono" title={archive.path}>
                  {archive.name}
                </th>
                <td className="nowrap">
                  {archive.createdAt ? (
                    <>
                      <time dateTime={archive.createdAt}>{formatDateTime(archive.createdAt)}</time>{' '}
                      <span className="muted small">({formatRelative(archive.createdAt)})</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num">{formatNumber(archive.keys.length)}</td>
                <td>{archive.problem ? <span className="tone-bad">Cannot be read: {archive.problem}</span> : inStoreText(archive)}</td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy !== null || archive.problem !== null || archive.inStore === archive.keys.length}
                    title={busy ?? (archive.inStore === archive.keys.length ? 'Every record of it is in the store' : undefined)}
                    onClick={() => ask(archive)}
                  >
                    Put back…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PutBackDialog archive={confirming} />
    </section>
  )
}

function inStoreText(archive: SetAsideArchiveInfo): string {
  if (archive.inStore === 0) return 'none yet'
  return archive.inStore === archive.keys.length ? 'all (put back)' : `${formatNumber(archive.inStore)} of ${formatNumber(archive.keys.length)}`
}

function PutBackDialog({ archive }: { archive: SetAsideArchiveInfo | null }) {
  const { dismiss, putBack } = useSetAsideArchivesStore.getState()
  const busy = useOperationStore(busyReason)
  return (
    <Dialog
      open={archive !== null}
      title={archive ? `Put back ${formatCount(archive.keys.length, 'record')}?` : 'Put back'}
      onClose={dismiss}
      actions={
        <ConfirmActions
          cancelLabel="Keep them aside"
          confirmLabel="Back up and put back"
          tone="primary"
          disabled={busy !== null}
          onCancel={dismiss}
          onConfirm={() => archive && void putBack(archive.name)}
        />
      }
    >
      {archive && (
        <>
          <p>
            From <span className="path">{archive.path}</span>. A pre-repair backup of the whole store is taken first, and history records the put-back as
            repaired.
          </p>
          <p className="small">
            Every record is checked against its version&apos;s schema first: if one still fails, or the store holds its key again, nothing is written and the
            reason is shown. (The command line&apos;s <code>restore-set-aside --force</code> writes them anyway.)
          </p>
          <ul className="plain-list small" aria-label="Records to put back">
            {archive.keys.slice(0, 10).map((key) => (
              <li key={key}>
                <code>{key}</code>
              </li>
            ))}
          </ul>
          {archive.keys.length > 10 && <p className="muted small">…and {formatNumber(archive.keys.length - 10)} more.</p>}
        </>
      )}
    </Dialog>
  )
}
