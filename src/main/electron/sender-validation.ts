import { isAppUrl } from './app-location.ts'

/** What an IPC call tells about the frame that sent it (from `event.senderFrame`; null when it is gone). */
export interface SenderFrame {
  url: string
  /** True for the window's top frame; false for any iframe. */
  isTopFrame: boolean
}

/**
 * Whether an IPC call may be answered: it comes from the top frame of a page that is the app itself (same
 * parsed origin, or the very built index.html). Iframes, other pages, vanished frames are refused. No
 * electron import, so it is unit-tested with plain objects.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appUrl: URL): boolean {
  if (!frame || !frame.isTopFrame) return false
  return isAppUrl(frame.url, appUrl)
}
