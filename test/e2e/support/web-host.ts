import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '../../..')
const EXAMPLE_SET = path.join(repo, 'examples/migrations/spec-refs')
const URL_LINE = /^Meridian Admin is serving (.+) at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))\s*$/

export interface WebHost {
  /** The URL printed by the host, token included. */
  url: string
  /** The host's process, to look at the files it holds open (/proc/PID/fd). */
  pid: number
  /** Its state folder (recent stores): a fresh one per host unless given, so hosts never share their memory. */
  stateDir: string
  origin: string
  token: string
  /** What the host wrote to stderr so far (attached to failures). */
  stderr(): string
  stop(): Promise<void>
}

/**
 * Starts the real web host (`bin/meridian-serve.js --port 0`) on `dataDir` and waits for its URL line. It loads the
 * example migration set (`--migrations examples/migrations/spec-refs`) unless told otherwise, so the browser tests
 * drive the chains v1 → v2 → v3 and back through the app as a user of that set would.
 */
export async function startWebHost(
  dataDir: string,
  extraArgs: readonly string[] = ['--migrations', EXAMPLE_SET],
  /** A fixed port and token (MERIDIAN_ADMIN_TOKEN), to start the host again where open pages look for it. */
  at: { port?: number; token?: string; stateDir?: string } = {}
): Promise<WebHost> {
  const stateDir = at.stateDir ?? (await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-e2e-state-')))
  const child = spawn(process.execPath, [path.join(repo, 'bin/meridian-serve.js'), '--data-dir', dataDir, '--port', String(at.port ?? 0), ...extraArgs], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', MERIDIAN_ADMIN_STATE_DIR: stateDir, ...(at.token ? { MERIDIAN_ADMIN_TOKEN: at.token } : {}) }
  })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the web host printed no URL within 60 s')), 60_000)
    const fail = (error: Error): void => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`))
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      for (const line of stdout.split('\n')) {
        const found = URL_LINE.exec(line)
        if (found) {
          clearTimeout(timer)
          resolve(found)
        }
      }
    })
    child.once('exit', (code, signal) => fail(new Error(`the web host exited (${code ?? signal}) before printing its URL`)))
    child.once('error', fail)
  })
  const url = match[2] as string
  return {
    url,
    pid: child.pid as number,
    stateDir,
    origin: new URL(url).origin,
    token: match[4] as string,
    stderr: () => stderr,
    stop: async () => {
      await stopChild(child)
      if (!at.stateDir) await rm(stateDir, { recursive: true, force: true })
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** POSTs straight to the host's API (no browser), for the transport's refusals. */
export async function rawCall(
  host: WebHost,
  method: string,
  body: string,
  headers: Record<string, string> = { 'X-Meridian-Token': host.token, 'Content-Type': 'application/json' }
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${host.origin}/api/${method}`, { method: 'POST', headers, body })
  const text = await response.text()
  return { status: response.status, json: parseOrText(text) }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
