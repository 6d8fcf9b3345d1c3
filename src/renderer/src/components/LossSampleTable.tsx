import type { DataLossReport } from '../../../shared/migration-result.ts'
import { formatNumber } from '../format/format-values.ts'
import { TableHead } from './TableHead.tsx'

/** The records a migration would lose data from, a few of them with what each loses, and how many more. */
export function LossSampleTable({ losses, rows }: { losses: DataLossReport; rows: number }) {
  const shown = losses.sample.slice(0, rows)
  return (
    <>
      <table className="table table-compact" aria-label="Sample of data lost">
        <TableHead columns={['Record', 'Loses']} />
        <tbody>
          {shown.map((entry) => (
            <tr key={entry.key}>
              <th scope="row" className="mono nowrap">
                {entry.key}
              </th>
              <td className="mono small">{entry.loses.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {losses.records > shown.length && <p className="small">…and {formatNumber(losses.records - shown.length)} more.</p>}
    </>
  )
}
