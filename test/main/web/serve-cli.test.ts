import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { SPEC_REFS_SET } from '../../helpers/example-set.ts'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { callApi, openEventStream, rawRequest } from './http-helpers.ts'
import { REPO, SERVE, startServe } from './serve-child.ts'

const demo = useDemoSessions()

describe('npm run serve (bin/meridian-serve.js)', () => {
  it('serves an existing store: one stdout line with the URL, the page and the API behind the token', async () => {
    const dataDir = await demo.demoDir(50)
    const served = await startServe(['--data-dir', dataDir, '--port', '0'])
    expect(served.dataDir).toBe(dataDir)
    const page = await rawRequest({ port: served.port, path: `/?token=${served.token}` })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root">')
    const status = await callApi(served.port, served.token, 'store.status')
    expect(JSON.parse(status.body)).toMatchObject({ ok: true, value: { dataDir, currentVersion: 1 } })
    served.child.kill('SIGTERM')
    expect(await served.exited).toBe(0)
    expect(served.stdout().trim().split('\n')).toHaveLength(1)
  })

  it('--demo creates a temporary demo store of 2,000 v1 tasks and removes it on exit', async () => {
    const served = await startServe(['--demo'])
    const counts = JSON.parse((await callApi(served.port, served.token, 'store.counts')).body)
    expect(counts.value.prefixes).toContainEqual(expect.objectContaining({ prefix: 'task:', records: 2000 }))
    expect(existsSync(served.dataDir)).toBe(true)
    served.child.kill('SIGINT')
    expect(await served.exited).toBe(0)
    expect(existsSync(path.dirname(served.dataDir))).toBe(false)
  })

  it('--migrations loads a set: the example set makes the target v3; a set that does not exist exits 2 with MIGRATION_SET_INVALID', async () => {
    const dataDir = await demo.demoDir(10)
    const served = await startServe(['--data-dir', dataDir, '--migrations', SPEC_REFS_SET])
    const status = JSON.parse((await callApi(served.port, served.token, 'store.status')).body)
    expect(status).toMatchObject({ ok: true, value: { currentVersion: 1, targetVersion: 3 } })
    served.child.kill('SIGTERM')
    expect(await served.exited).toBe(0)

    const missing = path.join(await demo.root(), 'no-such-set')
    const child = spawn(process.execPath, [SERVE, '--data-dir', dataDir, '--migrations', missing], { cwd: REPO })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    expect(await new Promise((done) => child.on('exit', done))).toBe(2)
    expect(stderr).toContain('MIGRATION_SET_INVALID')
    expect(stderr).toContain(missing)
  })

  it('keeps the token MERIDIAN_ADMIN_TOKEN gives, so a host restarted on the same port serves the open pages again; refuses a weak one with exit 2', async () => {
    const dataDir = await demo.demoDir(20)
    const token = 'ab'.repeat(24)
    const first = await startServe(['--data-dir', dataDir, '--port', '0'], { ...process.env, MERIDIAN_ADMIN_TOKEN: token })
    expect(first.token).toBe(token)
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    const again = await startServe(['--data-dir', dataDir, '--port', String(first.port)], { ...process.env, MERIDIAN_ADMIN_TOKEN: token })
    expect(JSON.parse((await callApi(again.port, token, 'store.status')).body)).toMatchObject({ ok: true })
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)

    const weak = spawn(process.execPath, [SERVE, '--data-dir', dataDir], { cwd: REPO, env: { ...process.env, MERIDIAN_ADMIN_TOKEN: 'short' } })
    let stderr = ''
    weak.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    expect(await new Promise((done) => weak.on('exit', done))).toBe(2)
    expect(stderr).toMatch(/MERIDIAN_ADMIN_TOKEN must be 32 to 128 letters/)
  })

  it('says what is wrong and exits 2, as the CLI does, when the store cannot be opened or no store is named', async () => {
    const missing = path.join(await demo.root(), 'missing')
    const child = spawn(process.execPath, [SERVE, '--data-dir', missing], { cwd: REPO })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise((done) => child.on('exit', done))
    expect(code).toBe(2)
    expect(stderr).toContain('DATA_DIR_NOT_FOUND')

    const bare = spawn(process.execPath, [SERVE], { cwd: REPO })
    expect(await new Promise((done) => bare.on('exit', done))).toBe(2)
  })

  it('a port already taken: PORT_IN_USE with its advice and exit 2, no stack trace and no "report this issue"', async () => {
    const taken = createServer()
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done))
    try {
      const port = String((taken.address() as AddressInfo).port)
      const session = await demo.session({ count: 10 })
      const dataDir = session.store.dataDir
      await session.close()
      const child = spawn(process.execPath, [SERVE, '--data-dir', dataDir, '--port', port], { cwd: REPO })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      expect(await new Promise((done) => child.on('exit', done))).toBe(2)
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
      expect(stderr).toContain('[PORT_IN_USE]')
      expect(stderr).toContain('--port')
      expect(stderr).not.toMatch(/report this issue|\n\s+at /)
    } finally {
      taken.close()
    }
  })

  it('on SIGTERM during a migration, cancels it, puts the store back, answers CANCELLED and exits 0', async () => {
    const dataDir = await demo.demoDir(20_000)
    const served = await startServe(['--data-dir', dataDir])
    const stream = await openEventStream(served.port, served.token)
    try {
      const migration = callApi(served.port, served.token, 'migration.run')
      await stream.waitFor((event) => event.type === 'progress' && event.event.phase === 'migrate')
      served.child.kill('SIGTERM')
      const answer = await migration
      expect(answer.status).toBe(409)
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
      expect(await served.exited).toBe(0)
    } finally {
      stream.close()
    }
    const store = await MeridianStore.open(dataDir)
    try {
      expect(await store.readVersion()).toBe(1)
      expect((await store.readHistory()).at(-1)).toMatchObject({ status: 'cancelled' })
    } finally {
      await store.close()
    }
  })
})
