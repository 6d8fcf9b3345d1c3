import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs'
import { lstat, readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

/** What lies at a path, byte for byte: `null` when nothing, the hex of a file, or every file under a folder. */
export type FsState = null | { file: string } | { dir: Record<string, string> }

/**
 * Reads everything at `target` (recursively, names relative to it), so a test can prove that nothing was
 * created, removed or changed there. `ignore` skips names (e.g. LevelDB's own text log `LOG`, which every open
 * attempt rewrites).
 */
export async function fsState(target: string, ignore: readonly string[] = []): Promise<FsState> {
  let info
  try {
    info = await lstat(target)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  if (!info.isDirectory()) return { file: (await readFile(target)).toString('hex') }
  const files: Record<string, string> = {}
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (ignore.includes(name)) continue
      const full = path.join(dir, name)
      if ((await lstat(full)).isDirectory()) {
        files[`${prefix}${name}/`] = 'dir'
        await walk(full, `${prefix}${name}/`)
      } else files[`${prefix}${name}`] = (await readFile(full)).toString('hex')
    }
  }
  await walk(target, '')
  return { dir: files }
}

/**
 * Holds a store open from another Node process (`node -e` with classic-level), as a running Meridian would;
 * resolves once it is open. `release` closes it and waits for the process to end.
 */
export async function holdStoreInAnotherProcess(dataDir: string): Promise<{ pid: number; release: () => Promise<void> }> {
  const classicLevel = createRequire(import.meta.url).resolve('classic-level')
  const script = `
    const { ClassicLevel } = require(process.argv[1])
    const db = new ClassicLevel(process.argv[2], { createIfMissing: false })
    db.open().then(() => process.stdout.write('ready\\n'), (e) => { console.error(e); process.exit(3) })
    process.stdin.on('end', () => db.close().then(() => process.exit(0)))
    process.stdin.resume()`
  const child = spawn(process.execPath, ['-e', script, classicLevel, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`holder exited early (${code})`)))
  })
  return {
    pid: child.pid as number,
    release: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit')
        child.on('exit', () => resolve())
        child.stdin.end()
      })
  }
}

/**
 * Whether `chattr +i` really stops writes here. Tests run as root, for whom file modes stop nothing; the
 * immutable attribute does (on ext4, xfs, btrfs…) when the process has CAP_LINUX_IMMUTABLE.
 */
export function immutableFilesWork(): boolean {
  let dir: string | null = null
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-admin-chattr-'))
    const file = path.join(dir, 'probe')
    writeFileSync(file, 'x')
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' })
    try {
      appendFileSync(file, 'y')
      return false
    } catch {
      return true
    } finally {
      execFileSync('chattr', ['-i', file], { stdio: 'ignore' })
    }
  } catch {
    return false
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}

/** Sets (`+i`) or clears (`-i`) the immutable attribute on a folder and, with `files`, on every file in it. */
export function setImmutable(dir: string, on: boolean, options: { files: boolean }): void {
  const targets = [dir, ...(options.files ? readdirSync(dir).map((name) => path.join(dir, name)) : [])]
  execFileSync('chattr', [on ? '+i' : '-i', ...targets], { stdio: 'ignore' })
}
