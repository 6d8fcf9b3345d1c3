import { createHash, timingSafeEqual } from 'node:crypto'

/** The origins the page is served from: the loopback address and its `localhost` name, on our port only. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

/**
 * DNS-rebinding and cross-site defence: the Host header must name our loopback address and port, and an
 * Origin, when the browser sends one, must be our own page. Anything else (evil.example resolving to
 * 127.0.0.1, a page on another port, `Origin: null`) is refused before any other work.
 */
export function isAllowedHostAndOrigin(host: string | undefined, origin: string | undefined, port: number): boolean {
  const hosts = allowedHosts(port)
  if (host === undefined || !hosts.includes(host.toLowerCase())) return false
  if (origin === undefined) return true
  return hosts.some((allowed) => origin.toLowerCase() === `http://${allowed}`)
}

/** Whether the request carries the Host header more than once (`rawHeaders` alternates names and values). */
export function hasDuplicateHost(rawHeaders: readonly string[]): boolean {
  let hosts = 0
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === 'host') hosts++
  }
  return hosts > 1
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

/** Compares a presented token with ours in constant time (hashing first makes the lengths equal). */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined || presented.length === 0) return false
  return timingSafeEqual(digest(presented), digest(expected))
}
