import type { Logger } from '../../src/main/engine/support/logger.ts'

export type LogLine = { level: 'info' | 'warn' | 'error'; message: string }

/** A Logger that keeps every line with its level, as a host's start-up log would show them. */
export function recordingLogger(): Logger & { lines: LogLine[]; messages: () => string[] } {
  const lines: LogLine[] = []
  return {
    lines,
    messages: () => lines.map((l) => l.message),
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message })
  }
}
