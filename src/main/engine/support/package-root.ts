import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'meridian-admin'

/**
 * The folder of meridian-admin's own package.json: the nearest one above `from` (default this module) named so.
 * The same code runs from its sources (src/…, three folders down) and bundled (lib/, one down), so nothing
 * counts `..`s. Null when no such folder is above it (a host that bundled the engine into itself).
 */
export function packageRoot(from: string = import.meta.url): string | null {
  let dir = path.dirname(from.startsWith('file:') ? fileURLToPath(from) : from)
  for (;;) {
    const manifest = path.join(dir, 'package.json')
    if (existsSync(manifest) && nameOf(manifest) === PACKAGE_NAME) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

function nameOf(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name
  } catch {
    return undefined
  }
}
