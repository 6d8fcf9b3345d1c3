import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const REPO = path.resolve(import.meta.dirname, '../..')

/** The README's host example, as written: the block after its `host-example` marker. */
async function readmeHostExample(): Promise<string> {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8')
  const block = /<!-- host-example[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1]
  if (!block) throw new Error('README.md has no ```js block after a <!-- host-example --> marker')
  return block
}

/** Every distinct Node here: the one running the tests (npm's, Node 24) and the system's (Node 20 on these machines). */
async function nodes(): Promise<Array<{ bin: string; version: string }>> {
  const found = new Map<string, string>()
  for (const bin of [process.execPath, '/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(bin)) continue
    const version = (await run(bin, ['--version'])).stdout.trim()
    if (![...found.values()].includes(version)) found.set(bin, version)
  }
  return [...found].map(([bin, version]) => ({ bin, version }))
}

describe('the package a Node host installs (npm pack, then npm install of the tarball)', () => {
  let scratch: string
  let files: string[]
  beforeAll(async () => {
    if (!existsSync(path.join(REPO, 'lib/index.js')) || !existsSync(path.join(REPO, 'lib/types/main/engine/index.d.ts'))) {
      throw new Error('lib/ is not built: run `npm run build:lib` (npm ci and npm test do)')
    }
    scratch = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-pack-'))
    // --ignore-scripts: pack what lib/ holds now (npm test has just built it) instead of rebuilding it under the tests.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: REPO })
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>
    files = info!.files.map((file) => file.path)
    await writeFile(path.join(scratch, 'package.json'), JSON.stringify({ name: 'a-host', private: true, type: 'module' }))
    // The plainest install there is: no optional dependencies (so no RocksDB binding), no install scripts.
    await run('npm', ['install', path.join(scratch, info!.filename), '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: scratch,
      timeout: 240_000
    })
  }, 300_000)
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true })
  })

  it('holds the compiled code, its type declarations and the command, and none of the sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining(['lib/index.js', 'lib/cli.js', 'lib/transform-worker.js', 'lib/types/main/engine/index.d.ts', 'bin/meridian-admin.js'])
    )
    expect(files.filter((file) => /^(src|test|tools|bench)\//.test(file) || (file.endsWith('.ts') && !file.endsWith('.d.ts')))).toEqual([])
  })

  it("runs the README's checkAndMigrate example under plain node on a demo store, on every Node here", async () => {
    const example = path.join(scratch, 'host.mjs')
    await writeFile(example, await readmeHostExample())
    const cli = path.join(scratch, 'node_modules/meridian-admin/bin/meridian-admin.js')
    const runtimes = await nodes()
    for (const { bin, version } of runtimes) {
      const data = path.join(scratch, 'meridian-data')
      await rm(data, { recursive: true, force: true })
      await run(bin, [cli, 'demo', data, '--count', '300', '--version', '1'], { cwd: scratch })
      const first = await run(bin, [example], { cwd: scratch })
      expect(first.stdout, `${version}: ${first.stderr}`).toContain('migrated: v1 → v2')
      const again = await run(bin, [example], { cwd: scratch })
      expect(again.stdout, version).toContain('up-to-date: v2 → v2')
    }
    console.log(`the README's host example ran on ${runtimes.map((runtime) => runtime.version).join(' and ')}`)
  }, 120_000)

  it('installs the meridian-admin command, which starts from the compiled code and reports the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string }
    const bin = path.join(scratch, 'node_modules/.bin/meridian-admin')
    expect((await run(bin, ['--version'], { cwd: scratch })).stdout.trim()).toBe(version)
    expect((await run(bin, ['--help'], { cwd: scratch })).stdout).toContain('Usage: meridian-admin')
  })

  it('types a TypeScript host against the declarations (strict, NodeNext resolution)', async () => {
    await writeFile(
      path.join(scratch, 'host.ts'),
      [
        "import { checkAndMigrate, MeridianError, type MigrateResult, type ErrorCode } from 'meridian-admin'",
        "const result: MigrateResult = await checkAndMigrate('./meridian-data')",
        'const to: number = result.to',
        "const code: ErrorCode | undefined = new MeridianError('BUSY', 'x').code",
        'console.log(to, code)',
        ''
      ].join('\n')
    )
    const tsconfig = {
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [path.join(REPO, 'node_modules/@types')]
      },
      files: ['host.ts']
    }
    await writeFile(path.join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig))
    const tsc = await run(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', scratch]).catch((error: { stdout: string }) => error)
    expect(tsc.stdout).toBe('')
  }, 60_000)
})
