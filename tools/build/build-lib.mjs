#!/usr/bin/env node
// `npm run build:lib` (npm ci and npm pack run it as `prepare`): compiles what bin/ runs and what a Node host
// imports into lib/, so nothing compiles TypeScript when the tool starts.
//   lib/cli.js, lib/serve.js, lib/start.js   the three commands in bin/
//   lib/index.js + lib/types/                 the engine, `import { checkAndMigrate } from 'meridian-admin'`
//   lib/transform-worker.js                   the migration pass's worker, found beside the code that starts it
// Plain JavaScript on purpose: it runs during `npm ci`, before anything else is built.
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import { build } from 'esbuild'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const lib = path.join(repo, 'lib')

/** Bundles the entries with their shared code split into chunks beside them (one folder: see the worker above). */
export async function buildLib({ outdir = lib, declarations = true } = {}) {
  // Chunks are named by their hash, so old ones go first; the declarations stay when only the code is rebuilt.
  if (declarations) await rm(outdir, { recursive: true, force: true })
  else for (const name of await readdir(outdir).catch(() => [])) if (/\.js(\.map)?$/.test(name)) await rm(path.join(outdir, name))
  await build({
    absWorkingDir: repo,
    entryPoints: {
      cli: 'src/main/cli/run-cli.ts',
      serve: 'src/main/web/serve.ts',
      start: 'src/main/electron/electron-availability.ts',
      index: 'src/main/engine/index.ts',
      'transform-worker': 'src/main/engine/migration/transform-worker.ts'
    },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // The native stores and tsx (it loads a user's TypeScript migration sets) stay imports of installed packages.
    // The rest is bundled: resolving and loading zod's, commander's and cli-progress's dozens of modules was most
    // of a start (measured: --help in 0.50 s with them external; see bench/cli-start).
    external: ['classic-level', '@nxtedition/rocksdb', 'tsx', 'tsx/*', 'electron'],
    // commander and cli-progress are CommonJS and require Node's own modules: an ES module has no `require`.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning'
  })
  if (declarations) {
    const tsc = spawnSync(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { cwd: repo, stdio: 'inherit' })
    if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.lib.json ended ${tsc.status ?? tsc.signal}`)
  }
  return outdir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now()
  await buildLib({ declarations: !process.argv.includes('--no-types') })
  process.stderr.write(`lib/ built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}
