import type { StoreCounts } from '../../../shared/store-status.ts'
import { formatNumber } from '../format/format-values.ts'
import { TableHead } from './TableHead.tsx'

/** Records per prefix, and per record version for the prefixes migrations handle. */
export function RecordCounts({ counts, target }: { counts: StoreCounts; target: number }) {
  return (
    <table className="table table-compact counts" aria-label="Record counts">
      <TableHead columns={['Prefix', { label: 'Records', numeric: true }, 'By record version']} />
      <tbody>
        {counts.prefixes.map((group) => (
          <tr key={group.prefix}>
            <th scope="row">
              <code>{group.prefix}</code>
            </th>
            <td className="num">{formatNumber(group.records)}</td>
            <td>
              {group.versions === null ? (
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
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All keys</th>
          <td className="num">{formatNumber(counts.keys)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  )
}

function versionTone(version: string, target: number): string {
  if (version === 'invalid') return 'chip-invalid'
  return Number(version) === target ? 'chip-current' : Number(version) > target ? 'chip-invalid' : 'chip-old'
}
