import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const SERVE = path.join(REPO, 'bin/meridian-serve.js')
const LINE = /^Meridian Admin is serving (.+) at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{48}))$/

/** Every child started is SIGKILLed after its test, if it still runs. */
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

export interface Served {
  child: ChildProcess
  dataDir: string
  port: number
  token: string
  stdout: () => string
  stderr: () => string
  exited: Promise<number | NodeJS.Signals | null>
}

/** Starts `node bin/meridian-serve.js …` and waits for its one stdout line. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVE, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env })
    children.push(child)
    let stdout = ''
    let stderr = ''
    // A death by a signal says which (a crash is SIGSEGV or SIGABRT, a handler missing the signal sent).
    const exited = new Promise<number | NodeJS.Signals | null>((done) => child.on('exit', (code, signal) => done(code ?? signal)))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = LINE.exec(stdout.split('\n')[0] ?? '')
      if (match && stdout.includes('\n')) {
        resolve({ child, dataDir: match[1] as string, port: Number(match[3]), token: match[4] as string, stdout: () => stdout, stderr: () => stderr, exited })
      }
    })
    void exited.then((code) => reject(new Error(`meridian-serve exited (${code}) before printing its URL:\n${stdout}\n${stderr}`)))
  })
}
