import { mkdir, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import path from 'node:path'
import type { ApiEvent } from '../../../src/shared/api.contract.ts'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface RawRequest {
  port: number
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
}

/** One HTTP request exactly as given: the path is sent as-is (no normalisation) and any Host header is allowed. */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: options.port, path: options.path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

/** `POST /api/<method>` with the token and a JSON body. */
export function callApi(port: number, token: string, method: string, input: unknown = {}, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest({
    port,
    path: `/api/${method}`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Meridian-Token': token, ...headers },
    body: JSON.stringify(input)
  })
}

export interface EventStream {
  readonly events: ApiEvent[]
  /** Resolves when an event matching `test` has arrived (at once when one already has). */
  waitFor(test: (event: ApiEvent) => boolean, timeoutMs?: number): Promise<ApiEvent>
  close(): void
}

/** Opens `GET /api/events?token=…` and collects the ApiEvents it delivers, as EventSource would. */
export function openEventStream(port: number, token: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const events: ApiEvent[] = []
    const waiters: { test: (event: ApiEvent) => boolean; resolve: (event: ApiEvent) => void }[] = []
    const req = request({ host: '127.0.0.1', port, path: `/api/events?token=${token}`, headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        reject(new Error(`event stream answered ${res.statusCode} ${res.headers['content-type']}`))
        return
      }
      let buffer = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const message = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice('data: '.length))
            .join('\n')
          if (!data) continue
          const event = JSON.parse(data) as ApiEvent
          events.push(event)
          for (const waiter of [...waiters]) {
            if (waiter.test(event)) {
              waiters.splice(waiters.indexOf(waiter), 1)
              waiter.resolve(event)
            }
          }
        }
      })
      res.on('error', () => undefined)
      resolve({
        events,
        waitFor(test, timeoutMs = 20_000) {
          const seen = events.find(test)
          if (seen) return Promise.resolve(seen)
          return new Promise((resolveWait, rejectWait) => {
            const timer = setTimeout(() => rejectWait(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events.slice(-5))}`)), timeoutMs)
            waiters.push({
              test,
              resolve: (event) => {
                clearTimeout(timer)
                resolveWait(event)
              }
            })
          })
        },
        close: () => req.destroy()
      })
    })
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error)
    })
    req.end()
  })
}

/** A small stand-in for the built renderer: index.html, a hashed asset, and a secret file beside the folder. */
export async function fakeRenderer(root: string): Promise<string> {
  const dir = path.join(root, 'renderer')
  await mkdir(path.join(dir, 'assets'), { recursive: true })
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Meridian Admin</title><div id="root"></div>')
  await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("meridian")')
  await writeFile(path.join(dir, 'assets', 'index-abc123.css'), 'body{}')
  await writeFile(path.join(root, 'secret.json'), '{"secret":true}')
  return dir
}
