import { randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { CLIENT_ID_HEADER, clientIdSchema } from '../../shared/api.contract.ts'
import { type ErrorCode, MeridianError } from '../../shared/errors.ts'
import { createApiHandlers } from '../api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../api/dispatch.ts'
import type { StoreSession } from '../api/store-session.ts'
import { RENDERER_CSP } from './csp.ts'
import { httpStatusByCode } from './http-status.ts'
import { applyConnectionBound, type ConnectionLimits, DEFAULT_CONNECTION_LIMITS, serverOptionsFor } from './connection-limits.ts'
import { hasDuplicateHost, isAllowedHostAndOrigin, tokenMatches } from './request-guard.ts'
import { mimeTypeFor, resolveStaticPath } from './static-files.ts'

/** The loopback address the host binds to; never anything reachable from another machine. */
export const LOOPBACK = '127.0.0.1'
export const TOKEN_HEADER = 'x-meridian-token'
export const MAX_BODY_BYTES = 1024 * 1024
const HEARTBEAT_MS = 15_000

export interface WebHostOptions {
  /** The store this host serves; the host closes it when it closes. */
  session: StoreSession
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Tests may fix the token; otherwise 24 random bytes, hex. */
  token?: string
  maxBodyBytes?: number
  /** Bounds on connections, taken before any request is read (see connection-limits.ts). */
  connectionLimits?: Partial<ConnectionLimits>
}

export interface WebHost {
  readonly port: number
  readonly token: string
  /** `http://127.0.0.1:PORT/?token=…`: what a person opens. */
  readonly url: string
  /** Stops accepting, cancels what runs (the store is put back), ends event streams, closes the store. */
  close(): Promise<void>
}

/** Headers every answer carries. */
const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin'
} as const

function sendJson(res: ServerResponse, status: number, body: AnyApiResult, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extra
  })
  res.end(text)
}

const failure = (code: ErrorCode, message: string): AnyApiResult => ({ ok: false, error: { code, message } })

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, failure(code, message), extra)
}

class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` bytes; BodyTooLarge beyond (declared or actual). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        req.off('data', onData)
        req.pause()
        reject(new BodyTooLarge())
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * The loopback web host: the built renderer as static files, and the contract as `POST /api/<method>` (JSON in,
 * JSON ApiResult out) plus `GET /api/events` (Server-Sent Events of ApiEvents), behind a random token and a
 * Host/Origin check. Binds 127.0.0.1 only; imports nothing from Electron.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { session } = options
  const token = options.token ?? randomBytes(24).toString('hex')
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES
  const rendererDir = path.resolve(options.rendererDir)
  const dispatch = createDispatch(createApiHandlers(session))
  const streams = new Set<ServerResponse>()
  let port = 0

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive'
    })
    res.write('retry: 2000\n: connected\n\n')
    const unsubscribe = session.events.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`)
    })
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
    heartbeat.unref()
    streams.add(res)
    const stop = (): void => {
      clearInterval(heartbeat)
      unsubscribe()
      streams.delete(res)
    }
    req.on('close', stop)
    res.on('close', stop)
  }

  async function callApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      sendError(res, 405, 'INVALID_INPUT', `Use POST for /api/${method}`, { Allow: 'POST' })
      return
    }
    let body: Buffer
    try {
      body = await readBody(req, limit)
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendError(res, 413, 'INVALID_INPUT', `The request body is larger than ${limit} bytes`, { Connection: 'close' })
        return
      }
      throw error
    }
    let input: unknown
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'))
      } catch {
        sendError(res, 400, 'INVALID_INPUT', `The request body of /api/${method} is not JSON`)
        return
      }
    }
    const clientId = clientIdSchema.safeParse(req.headers[CLIENT_ID_HEADER])
    const result = await dispatch(method, input, clientId.success ? { clientId: clientId.data } : {})
    sendJson(res, result.ok ? 200 : httpStatusByCode[result.error.code], result)
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...BASE_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Method not allowed\n')
      return
    }
    const file = resolveStaticPath(rendererDir, pathname)
    const info = file ? await stat(file).catch(() => null) : null
    if (!file || !info?.isFile()) {
      res.writeHead(404, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end('Not found\n')
      return
    }
    const content = await readFile(file)
    const hashedAsset = path.relative(rendererDir, file).startsWith(`assets${path.sep}`)
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Security-Policy': RENDERER_CSP,
      'Content-Type': mimeTypeFor(file),
      'Content-Length': content.length,
      // index.html names the current hashed assets, so it is never cached; the hashed assets never change.
      'Cache-Control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-store'
    })
    res.end(req.method === 'HEAD' ? undefined : content)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding and cross-site requests are refused before anything else is looked at. Node keeps the first
    // of two Host headers and drops the other, which a proxy in front may have read instead: neither is trusted.
    if (hasDuplicateHost(req.rawHeaders)) {
      sendError(res, 400, 'INVALID_INPUT', 'The request has more than one Host header', { Connection: 'close' })
      return
    }
    if (!isAllowedHostAndOrigin(req.headers.host, req.headers.origin, port)) {
      sendError(res, 403, 'ACCESS_DENIED', 'Forbidden: this host answers only pages it serves itself on the loopback address')
      return
    }
    const rawUrl = req.url ?? '/'
    const queryAt = rawUrl.indexOf('?')
    const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt)
    const query = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1))
    if (pathname !== '/api' && !pathname.startsWith('/api/')) {
      await serveStatic(req, res, pathname)
      return
    }
    const isEvents = pathname === '/api/events'
    const header = req.headers[TOKEN_HEADER]
    // EventSource cannot set headers: only the event stream takes the token from the query.
    const presented = typeof header === 'string' ? header : isEvents ? (query.get('token') ?? undefined) : undefined
    if (!tokenMatches(presented, token)) {
      sendError(res, 401, 'ACCESS_DENIED', 'Missing or wrong token: open the URL the host printed (it ends in ?token=…)', {
        'WWW-Authenticate': 'X-Meridian-Token'
      })
      return
    }
    if (isEvents) {
      if (req.method !== 'GET') {
        sendError(res, 405, 'INVALID_INPUT', 'Use GET for /api/events', { Allow: 'GET' })
        return
      }
      openEventStream(req, res)
      return
    }
    let method: string
    try {
      method = decodeURIComponent(pathname.slice('/api/'.length))
    } catch {
      sendError(res, 400, 'INVALID_INPUT', 'The API method name is not valid')
      return
    }
    await callApi(req, res, method)
  }

  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits }
  const server = createServer(serverOptionsFor(limits), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('The web host failed to answer a request:', error)
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'The web host failed to answer this request')
      else res.destroy()
    })
  })

  applyConnectionBound(server, limits)

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      const wanted = options.port ?? 0
      reject(error.code === 'EADDRINUSE' ? new MeridianError('PORT_IN_USE', `Port ${wanted} on ${LOOPBACK} is already in use`, { cause: error }) : error)
    }
    server.once('error', failed)
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', failed)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  let closing: Promise<void> | undefined
  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        // Running operations are cancelled and put the store back; their callers still get their answer.
        await session.close()
        for (const stream of streams) stream.end()
        server.closeIdleConnections()
        const force = setTimeout(() => server.closeAllConnections(), 2_000)
        force.unref()
        await closed
        clearTimeout(force)
      })()
      return closing
    }
  }
}
