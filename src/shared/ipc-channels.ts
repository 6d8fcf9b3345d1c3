/**
 * The Electron IPC channels, named once for both ends: main registers them (electron/ipc.ts) and the preload
 * bridge invokes and listens on them (preload/api-bridge.ts). One channel per contract call, and one for events.
 */
export const apiChannel = (method: string): string => `api:${method}`
export const API_EVENT_CHANNEL = 'api:event'
