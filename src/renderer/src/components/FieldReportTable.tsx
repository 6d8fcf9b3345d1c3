import type { FieldReport } from '../../../shared/migration-result.ts'
import { formatNumber } from '../format/format-values.ts'
import { TableHead } from './TableHead.tsx'

/**
 * Per step that fills fields in (Task v1 → v2), per field: how many records kept the value they held, got the
 * default (the field was absent), or lost a value the new version cannot hold (replaced by the default).
 */
export function FieldReportTable({ fields }: { fields: readonly FieldReport[] | undefined }) {
  if (!fields || fields.length === 0) return null
  return (
    <table className="table table-compact" aria-label="What each field keeps">
      <TableHead columns={['Step', 'Field', { label: 'Kept', numeric: true }, { label: 'Defaulted', numeric: true }, { label: 'Lost', numeric: true }]} />
      <tbody>
        {fields.map((row) => (
          <tr key={`${row.step}|${row.field}`}>
            <td className="small">{row.step}</td>
            <th scope="row" className="mono nowrap">
              {row.field}
            </th>
            <td className="num">{formatNumber(row.kept)}</td>
            <td className="num">{formatNumber(row.defaulted)}</td>
            <td className={`num${row.lost > 0 ? ' danger-text' : ''}`}>{formatNumber(row.lost)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
