import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { buildLib } from '../../tools/build/build-lib.mjs'
import type { TestProject } from 'vitest/node'

const REPO = path.resolve(import.meta.dirname, '../..')

/** Inside the checkout, so the packages the build leaves external resolve from its node_modules. */
const BUILDS_DIR = path.join(REPO, 'out/test-cli')

/**
 * lib/ as `npm run build:lib` makes it (tools/build/build-lib.mjs), into `outdir`: the CLI with the sources
 * bundled in and the migration worker beside it, so a child runs what `node bin/meridian-admin.js` runs. It finds
 * package.json and the checkout from there as it does from lib/ (packageRoot walks up to them).
 */
export async function buildCompiledCli(outdir: string): Promise<string> {
  await buildLib({ outdir, declarations: false })
  return path.join(outdir, 'cli.js')
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
