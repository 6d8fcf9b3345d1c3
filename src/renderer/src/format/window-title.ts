/** The store's folder name first, so a taskbar or a tab strip of several stores tells them apart. */
export function windowTitle(dataDir: string | null | undefined): string {
  if (dataDir === undefined) return 'Meridian Admin'
  if (dataDir === null) return 'No store open — Meridian Admin'
  const name = dataDir.split(/[\\/]/).filter(Boolean).at(-1) ?? dataDir
  return `${name} — Meridian Admin`
}
