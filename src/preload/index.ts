import { contextBridge, ipcRenderer } from 'electron'
import { buildMeridianApi } from './api-bridge.ts'

// The page gets the contract's calls and an event subscription, nothing else: no ipcRenderer, no Node. Main
// parses every input and checks that the sender is the app's own top frame.
contextBridge.exposeInMainWorld(
  'meridian',
  buildMeridianApi({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    on: (channel, listener) => ipcRenderer.on(channel, listener),
    removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener)
  })
)
