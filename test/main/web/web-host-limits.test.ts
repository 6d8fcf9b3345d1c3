import { connect, type Socket } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionLimits } from '../../../src/main/web/connection-limits.ts'
import { startWebHost, type WebHost } from '../../../src/main/web/web-host.ts'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { callApi, fakeRenderer } from './http-helpers.ts'

const demo = useDemoSessions()
const hosts: WebHost[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  for (const host of hosts.splice(0)) await host.close()
})

async function serve(connectionLimits: Partial<ConnectionLimits> = {}): Promise<WebHost> {
  const session = await demo.session({ count: 50 })
  const host = await startWebHost({ session, rendererDir: await fakeRenderer(path.dirname(session.store.dataDir)), port: 0, connectionLimits })
  hosts.push(host)
  return host
}

/** A raw TCP connection to the host; `closed` resolves with what the host sent before it closed it. */
function openSocket(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    sockets.push(socket)
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)))
    socket.once('error', () => undefined) // a reset shows as close
    socket.once('connect', () => resolve({ socket, closed }))
    socket.once('error', reject)
  })
}

describe('the web host and its clients', () => {
  it('answers a request carrying two Host headers 400, even when the first is its own', async () => {
    const host = await serve()
    const { socket, closed } = await openSocket(host.port)
    socket.write(
      `POST /api/store.status HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nHost: evil.example\r\nX-Meridian-Token: ${host.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`
    )
    const answer = await closed
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    expect(answer).toContain('more than one Host header')
    expect(answer).not.toContain('"ok":true')
  })

  it('closes connections beyond its bound before reading them, and serves again once they are gone', async () => {
    const host = await serve({ maxConnections: 4 })
    const held = await Promise.all(Array.from({ length: 4 }, () => openSocket(host.port)))
    const extra = await openSocket(host.port)
    expect(await extra.closed).toBe('') // closed without a byte: no request of it was read
    for (const { socket } of held) socket.destroy()
    await Promise.all(held.map(({ closed }) => closed))
    const res = await callApi(host.port, host.token, 'store.status')
    expect(res.status).toBe(200)
  })

  it('closes a connection that never finishes its headers, answering 408', async () => {
    const host = await serve({ headersTimeoutMs: 300, requestTimeoutMs: 300 })
    const { socket, closed } = await openSocket(host.port)
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`) // and then nothing
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /)
  })
})
