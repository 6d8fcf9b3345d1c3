import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { StoreSession, type StoreSessionOptions } from '../../../src/main/api/store-session.ts'
import { createTestDemo, type TestDemoVersion } from '../../helpers/demo-v3.ts'

export interface DemoSessions {
  /** A fresh folder under the OS temp dir, removed after the test. */
  root(): Promise<string>
  /** A new demo store (`count` tasks at `version`) in a fresh folder; returns its data dir. */
  demoDir(count?: number, version?: TestDemoVersion): Promise<string>
  /** A session on a new demo store; closed after the test. */
  session(options?: { count?: number; version?: TestDemoVersion } & Partial<StoreSessionOptions>): Promise<StoreSession>
  /** Registers a session opened elsewhere, so it is closed after the test. */
  track(session: StoreSession): StoreSession
}

/** Call at the top of a test file: small real demo stores in fresh temp dirs, closed and removed after each test. */
export function useDemoSessions(): DemoSessions {
  const roots: string[] = []
  const sessions: StoreSession[] = []
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close().catch(() => undefined)
    for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
  })
  const api: DemoSessions = {
    async root() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-api-test-'))
      roots.push(root)
      return root
    },
    async demoDir(count = 200, version = 1) {
      const dataDir = path.join(await api.root(), 'store')
      await createTestDemo(dataDir, { count, version })
      return dataDir
    },
    async session({ count, version, ...options } = {}) {
      const dataDir = options.dataDir ?? (await api.demoDir(count, version))
      return api.track(await StoreSession.open({ ...options, dataDir }))
    },
    track(session) {
      sessions.push(session)
      return session
    }
  }
  return api
}
