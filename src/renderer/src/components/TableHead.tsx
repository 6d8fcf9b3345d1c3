/** A column: its label, or the label with how it is shown. */
export type Column = string | { label: string; numeric?: boolean; hidden?: boolean }

/** A table's header row: numeric columns align right; a hidden label (an actions column) is for screen readers only. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, numeric = false, hidden = false } = typeof column === 'string' ? { label: column } : column
          return (
            <th key={label} scope="col" className={numeric ? 'num' : undefined}>
              {hidden ? <span className="sr-only">{label}</span> : label}
            </th>
          )
        })}
      </tr>
    </thead>
  )
}
