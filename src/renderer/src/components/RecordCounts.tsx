import type { ProgressEvent } from '../../../shared/progress.ts'
import type { PrefixCount, StoreCounts } from '../../../shared/store-status.ts'
import { formatNumber, formatPercent } from '../format/format-values.ts'
import { countsSoFar, useStatusStore, type CountsState } from '../stores/status.store.ts'
import { fractionOf, ProgressTrack } from './ProgressTrack.tsx'
import { TableHead } from './TableHead.tsx'

/**
 * What the counting row says. The share read is known from the store's table sizes, the number of keys it stands
 * for is not (an index key is a tenth of a task's bytes): while the total is estimated, only the keys counted so
 * far are named, with the share as "about".
 */
export function countingText(progress: ProgressEvent | null): string {
  if (!progress) return 'Counting records…'
  const percent = formatPercent(progress.done, progress.total)
  if (progress.totalIsEstimate) return `Counting records: ${formatNumber(progress.done)} keys so far (about ${percent})`
  return `Counting records: ${formatNumber(progress.done)} of ${formatNumber(progress.total)} keys (${percent})`
}

/**
 * Records per prefix, and per record version for the prefixes migrations handle. They come after the status (a
 * read of every key, seconds on millions of records): the rows fill in as each prefix is counted, under a bar
 * for the rest; a count stopped by a write says so and offers to count again.
 */
export function RecordCounts({ counts, prefixes, target }: { counts: CountsState; prefixes: readonly string[]; target: number }) {
  const known = countsSoFar(counts)
  const counted = new Map((known?.prefixes ?? []).map((group) => [group.prefix, group]))
  // Every prefix the status found is listed at once; those not counted yet show a dash.
  const rows = [...new Set([...prefixes, ...counted.keys()])].sort()
  return (
    <div className="counts-block">
      <table className="table table-compact counts" aria-label="Record counts" aria-busy={counts.state === 'counting'}>
        <TableHead columns={['Prefix', { label: 'Records', numeric: true }, 'By record version']} />
        <tbody>
          {rows.map((prefix) => (
            <CountRow key={prefix} prefix={prefix} group={counted.get(prefix) ?? null} target={target} />
          ))}
        </tbody>
        {counts.state === 'done' && <CountsTotal counts={counts.counts} />}
      </table>
      {counts.state === 'counting' && <CountingBar progress={counts.progress} />}
      {counts.state === 'failed' && (
        <p className="muted small counts-stopped" role="status">
          Counting failed: {counts.message} <code className="code-chip">{counts.code}</code>{' '}
          <button type="button" className="btn btn-small" onClick={() => void useStatusStore.getState().recount()}>
            Count again
          </button>
        </p>
      )}
      {counts.state === 'stopped' && (
        <p className="muted small counts-stopped" role="status">
          Counting stopped: {counts.message}{' '}
          <button type="button" className="btn btn-small" onClick={() => void useStatusStore.getState().recount()}>
            Count again
          </button>
        </p>
      )}
    </div>
  )
}

function CountRow({ prefix, group, target }: { prefix: string; group: PrefixCount | null; target: number }) {
  return (
    <tr>
      <th scope="row">
        <code>{prefix}</code>
      </th>
      <td className="num">{group ? formatNumber(group.records) : <span className="muted">counting…</span>}</td>
      <td>
        {group === null ? null : group.versions === null ? (
          <span className="muted">not versioned</span>
        ) : (
          <span className="version-split">
            {Object.entries(group.versions).map(([version, records]) => (
              <span key={version} className={`chip ${versionTone(version, target)}`}>
                {version === 'invalid' ? 'invalid' : `v${version}`}: {formatNumber(records)}
              </span>
            ))}
          </span>
        )}
      </td>
    </tr>
  )
}

function CountsTotal({ counts }: { counts: StoreCounts }) {
  return (
    <tfoot>
      <tr>
        <th scope="row">All keys</th>
        <td className="num">{formatNumber(counts.keys)}</td>
        <td />
      </tr>
    </tfoot>
  )
}

function CountingBar({ progress }: { progress: ProgressEvent | null }) {
  const text = countingText(progress)
  return (
    <div className="counts-progress">
      <ProgressTrack
        label="Counting records"
        testId="counts-progress"
        done={progress?.done ?? 0}
        total={progress?.total ?? 0}
        valueText={text}
        fraction={fractionOf(progress?.done ?? 0, progress?.total ?? 0)}
        className="progress-track-thin"
      />
      <p className="muted small">{text}</p>
    </div>
  )
}

function versionTone(version: string, target: number): string {
  if (version === 'invalid') return 'chip-invalid'
  return Number(version) === target ? 'chip-current' : Number(version) > target ? 'chip-invalid' : 'chip-old'
}
