import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { apiMethods } from '../../shared/api.contract.ts'
import type { ApiEventHub } from '../api/api-events.ts'
import type { Dispatch } from '../api/dispatch.ts'
import { isTrustedSender } from './sender-validation.ts'
import { API_EVENT_CHANNEL, apiChannel } from '../../shared/ipc-channels.ts'

function senderFrame(event: IpcMainInvokeEvent): { url: string; isTopFrame: boolean } | null {
  const frame = event.senderFrame
  return frame ? { url: frame.url, isTopFrame: frame.parent === null } : null
}

/**
 * One `ipcMain.handle('api:<method>')` per contract call, each behind validateSender and into the shared
 * dispatch (which parses the input and never throws); ApiEvents go to every window on `api:event`.
 */
export function registerApiIpc(dispatch: Dispatch, events: ApiEventHub, appUrl: URL): () => void {
  for (const method of apiMethods) {
    ipcMain.handle(apiChannel(method), (event, input: unknown) => {
      if (!isTrustedSender(senderFrame(event), appUrl)) {
        console.error(`Refused ${method} from an untrusted sender: ${event.senderFrame?.url ?? '(frame gone)'}`)
        throw new Error('Refused: this IPC channel answers only the app itself')
      }
      // A window's webContents keeps its id across a reload: the reloaded window re-attaches to its own run.
      return dispatch(method, input, { clientId: `desktop-window-${event.sender.id}` })
    })
  }
  const unsubscribe = events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(API_EVENT_CHANNEL, event)
    }
  })
  return () => {
    unsubscribe()
    for (const method of apiMethods) ipcMain.removeHandler(apiChannel(method))
  }
}
