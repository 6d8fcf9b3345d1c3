// What bin/ runs: the build in lib/ (tools/build/build-lib.mjs; `npm ci` makes it, as `prepare`). In a checkout
// (the builder and src/ are here) lib/ is rebuilt first when it is missing or a source is newer than it, in well
// under a second, so an edit is what the next start runs; an installed package has neither and runs lib/ as is.
import { existsSync, readdirSync, statSync } from 'node:fs'
import module from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// V8's compiled code for lib/ is kept between starts (Node ≥ 22.1; a no-op before): a start then parses less.
module.enableCompileCache?.()

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const builder = path.join(root, 'tools/build/build-lib.mjs')
const sources = [path.join(root, 'src/main'), path.join(root, 'src/shared'), path.join(root, 'tools/scaffold')]

/** The newest modification time of a file under `dirs` (milliseconds), 0 when there is none. */
function newestUnder(dirs) {
  let newest = 0
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
    }
  }
  return newest
}

/** Imports lib/<name>.js, building lib/ first in a checkout where it is missing or older than the sources. */
export async function importCompiled(name) {
  const file = path.join(root, 'lib', `${name}.js`)
  const inCheckout = existsSync(builder)
  if (!existsSync(file) && !inCheckout) throw new Error(`${file} is missing: reinstall meridian-admin`)
  if (inCheckout && (!existsSync(file) || newestUnder(sources) > statSync(file).mtimeMs)) {
    process.stderr.write('Building meridian-admin first: lib/ is older than the sources (npm run build:lib)…\n')
    const { buildLib } = await import(pathToFileURL(builder).href)
    await buildLib({ declarations: false })
  }
  return import(pathToFileURL(file).href)
}
