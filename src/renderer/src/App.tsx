export function App() {
  return (
    <main className="app">
      <h1>Meridian Admin</h1>
      <p>Schema status, migrations and backups will appear here in a later release.</p>
    </main>
  )
}
