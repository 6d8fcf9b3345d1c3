import { contextBridge } from 'electron'
import { version } from '../../package.json'
import type { MeridianApi } from './meridian-api.d.ts'

const api: MeridianApi = { version }

contextBridge.exposeInMainWorld('meridian', api)
