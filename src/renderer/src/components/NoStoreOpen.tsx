import { StoreOpenForm } from './StoreOpenForm.tsx'

/** What the app shows once its store was closed (here or in another window): a way to open one, nothing else. */
export function NoStoreOpen() {
  return (
    <section className="panel no-store" aria-labelledby="no-store-title">
      <h2 id="no-store-title">No store open</h2>
      <p className="muted">
        Meridian Admin holds none of the store’s files now: Meridian, the CLI or a script can open it. Open a data directory to work on it again.
      </p>
      <StoreOpenForm autoFocus />
    </section>
  )
}
