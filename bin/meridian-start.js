#!/usr/bin/env node
// `npm start [-- --data-dir DIR]`: the desktop app when Electron can start here; otherwise one line saying why,
// then the same app in the browser (the loopback web host) on MERIDIAN_DATA_DIR / --data-dir, or a demo store.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { importCompiled } from './compiled.js'
import { buildIfMissing } from './meridian-serve.js'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

const { checkElectronLaunch, systemLaunchProbe } = await importCompiled('start')
const launch = checkElectronLaunch(systemLaunchProbe(repo))

if (launch.ok) {
  buildIfMissing(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'])
  const child = spawn(launch.executable, ['.', ...args], { cwd: repo, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0)
  })
} else {
  process.stderr.write(`The desktop app cannot start: ${launch.reason}. Serving Meridian Admin in the browser instead.\n`)
  buildIfMissing(['out/renderer/index.html'])
  const hasDataDir = args.some((arg) => arg === '--data-dir' || arg.startsWith('--data-dir='))
  const storeArgs = hasDataDir ? [] : process.env.MERIDIAN_DATA_DIR ? ['--data-dir', process.env.MERIDIAN_DATA_DIR] : ['--last']
  const { serveMain } = await importCompiled('serve')
  process.exitCode = await serveMain([...args, ...storeArgs], { rendererDir: path.join(repo, 'out', 'renderer') })
}
