import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import type { TestProject } from 'vitest/node'

const REPO = path.resolve(import.meta.dirname, '../..')

/** Inside the checkout, so the packages the build leaves external resolve from its node_modules. */
const BUILDS_DIR = path.join(REPO, 'out/test-cli')

/**
 * The migration pass finds its worker beside the running file (`new URL('./transform-worker.js', import.meta.url)`):
 * in the build, beside the entry, where the worker is built too. Every other module keeps its source location,
 * since the CLI finds package.json, the checkout and the migration kit from there.
 */
const FINDS_WORKER_BESIDE_ITSELF = path.join(REPO, 'src/main/engine/migration/record-transformer.ts')

const keepSourceLocation: Plugin = {
  name: 'keep-source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      if (args.path === FINDS_WORKER_BESIDE_ITSELF || !source.includes('import.meta')) return { contents: source, loader: 'ts' }
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path))
      return { contents, loader: 'ts' }
    })
  }
}

/**
 * bin/meridian-admin.js with the CLI's sources bundled in, and the migration worker beside it, into `outdir`.
 * Packages stay external (classic-level and RocksDB are native; tsx still loads TypeScript migration sets), so
 * the child runs what `node bin/meridian-admin.js` runs, without compiling the sources at every start.
 */
export async function buildCompiledCli(outdir: string): Promise<string> {
  await build({
    entryPoints: {
      'meridian-admin': path.join(REPO, 'bin/meridian-admin.js'),
      'transform-worker': path.join(REPO, 'src/main/engine/migration/transform-worker.ts')
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [keepSourceLocation],
    logLevel: 'error'
  })
  return path.join(outdir, 'meridian-admin.js')
}

/** A run killed before its teardown leaves its folder (`run-<pid>-…`): removed once that process is gone. */
async function removeBuildsOfEndedRuns(): Promise<void> {
  await mkdir(BUILDS_DIR, { recursive: true })
  for (const name of await readdir(BUILDS_DIR)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1])
    if (pid && !isRunning(pid)) await rm(path.join(BUILDS_DIR, name), { recursive: true, force: true })
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Builds the CLI once for this run (each run its own folder, removed at the end) and tells the tests where;
 * again before each rerun in watch mode, so an edit of the sources is what the next run starts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await removeBuildsOfEndedRuns()
  const outdir = await mkdtemp(path.join(BUILDS_DIR, `run-${process.pid}-`))
  project.provide('compiledCli', await buildCompiledCli(outdir))
  project.onTestsRerun(async () => {
    await buildCompiledCli(outdir)
  })
  return () => rm(outdir, { recursive: true, force: true })
}
