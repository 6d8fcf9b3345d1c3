import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { callApi } from '../web/http-helpers.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

describe('npm start (bin/meridian-start.js)', () => {
  const demo = useDemoSessions()

  // Without a display, Electron cannot start on Linux whatever is installed: the fallback is what must happen.
  it.runIf(process.platform === 'linux')('says in one line why Electron cannot start, then serves MERIDIAN_DATA_DIR in the browser', async () => {
    const dataDir = await demo.demoDir(20)
    const env = { ...process.env, MERIDIAN_DATA_DIR: dataDir, DISPLAY: '', WAYLAND_DISPLAY: '' }
    const child = spawn(process.execPath, [path.join(REPO, 'bin/meridian-start.js')], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let stdout = ''
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0] as string)
        })
        void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)))
      })
      const match = /^Meridian Admin is serving (.+) at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{48})$/.exec(line)
      expect(match?.[1]).toBe(dataDir)
      const reasons = stderr.split('\n').filter((text) => text.startsWith('The desktop app cannot start'))
      expect(reasons).toHaveLength(1)
      expect(reasons[0]).toMatch(/(no display|not installed)/)
      const status = await callApi(Number(match?.[2]), match?.[3] as string, 'store.status')
      expect(JSON.parse(status.body)).toMatchObject({ ok: true, value: { dataDir } })
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  })
})
