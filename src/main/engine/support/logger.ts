/** Where the engine's human-readable log lines go (a host server passes its own; `console` fits). */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
