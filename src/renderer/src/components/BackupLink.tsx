import { useBackupsStore } from '../stores/backups.store.ts'

/** A backup id that takes you to it in the backup list (scrolled to and highlighted). */
export function BackupLink({ id }: { id: string }) {
  const highlight = useBackupsStore((state) => state.highlight)
  return (
    <button type="button" className="link-button mono" onClick={() => highlight(id)} aria-label={`Show backup ${id} in the backup list`}>
      {id}
    </button>
  )
}
