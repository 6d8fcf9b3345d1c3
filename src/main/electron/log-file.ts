import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import path from 'node:path'
import { format } from 'node:util'
import type { Logger } from '../engine/index.ts'

/** Where a log file rotates: past this size it becomes `<name>.1` (replacing the one before) and a new one starts. */
export const LOG_FILE_MAX_BYTES = 2 * 1024 * 1024

/**
 * The desktop app's log, `main.log` in the logs folder: one line per entry, appended synchronously (so the
 * order is kept and a crash loses nothing written before it). A file that cannot be written never stops the app:
 * the line still goes to stderr, and the first failure is told there once.
 */
export class LogFile {
  private size: number
  private failed = false

  constructor(
    readonly file: string,
    private readonly maxBytes = LOG_FILE_MAX_BYTES,
    private readonly reportFailure: (message: string) => void = (message) => process.stderr.write(`${message}\n`)
  ) {
    try {
      mkdirSync(path.dirname(file), { recursive: true })
      this.size = statSync(file).size
    } catch {
      this.size = 0
    }
  }

  append(line: string): void {
    const text = `${line}\n`
    const bytes = Buffer.byteLength(text)
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) {
        renameSync(this.file, `${this.file}.1`)
        this.size = 0
      }
      appendFileSync(this.file, text)
      this.size += bytes
    } catch (error) {
      if (!this.failed) this.reportFailure(`Cannot write the log file ${this.file}: ${(error as Error).message}`)
      this.failed = true
    }
  }
}

export interface MainLog extends Logger {
  /** The log file's path, when there is one (the About panel and the README name it). */
  readonly file: string | undefined
}

/**
 * What the main process logs: each line to stderr, as before, and with its time and level to the log file.
 * `now` is injectable for tests.
 */
export function createMainLog(logFile: LogFile | undefined, stderr: { write(text: string): unknown } = process.stderr, now = () => new Date()): MainLog {
  const write = (level: 'info' | 'warn' | 'error', message: string): void => {
    stderr.write(`${message}\n`)
    logFile?.append(`${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`)
  }
  return {
    file: logFile?.file,
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message)
  }
}

/** The console methods the main process's modules use to report (dispatch, IPC, the recent-stores file…). */
export interface ReportingConsole {
  error(...data: unknown[]): void
  warn(...data: unknown[]): void
}

/**
 * Sends what the main process's modules write with console.error and console.warn through `log`, so it reaches
 * the log file as well as stderr (they report there without a logger of their own). Returns the undo.
 */
export function mirrorConsole(target: ReportingConsole, log: MainLog): () => void {
  const { error, warn } = target
  target.error = (...data: unknown[]) => log.error(format(...data))
  target.warn = (...data: unknown[]) => log.warn(format(...data))
  return () => {
    target.error = error
    target.warn = warn
  }
}
