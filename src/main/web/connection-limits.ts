import type { Server, ServerOptions } from 'node:http'

/**
 * Bounds on what any client of the loopback host may hold, applied before a request is read, so before its token
 * is checked: another local program (or a page that found the port) can neither exhaust the process's file
 * handles, which a running migration needs for its tables and backup, nor park connections that send nothing.
 */
export interface ConnectionLimits {
  /** Open connections at once; beyond it a new one is closed as soon as it is accepted. */
  maxConnections: number
  /** Time a client has to send a request's headers, then its whole request. */
  headersTimeoutMs: number
  requestTimeoutMs: number
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number
}

/**
 * Enough for a dozen windows (each holds one event stream and the browser's six requests at most), small beside
 * the process's file-handle limit.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000
}

/** The server options that carry the time limits; they are checked every `connectionsCheckingInterval`. */
export function serverOptionsFor(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs)
  }
}

/** The connection bound, which Node keeps on the server rather than in its options. */
export function applyConnectionBound(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections
}
