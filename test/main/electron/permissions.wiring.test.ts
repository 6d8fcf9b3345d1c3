import { describe, expect, it } from 'vitest'
import { denyAllPermissions } from '../../../src/main/electron/permissions.ts'
import { StandInSession } from './stand-ins.ts'

// Wiring test: the real handlers, installed on a stand-in for Electron's default session.

describe('permission requests from the window (wiring)', () => {
  it('denies every request, camera and notifications among them, and tells who asked', () => {
    const session = new StandInSession()
    const denied: string[] = []
    denyAllPermissions(session, (permission) => denied.push(permission))
    const answers: boolean[] = []
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'midiSysex', 'openExternal']) {
      session.requestHandler?.({}, permission, (granted) => answers.push(granted))
    }
    expect(answers).toEqual([false, false, false, false, false, false])
    expect(denied).toEqual(['media', 'notifications', 'geolocation', 'clipboard-read', 'midiSysex', 'openExternal'])
  })

  it('answers every permission check false', () => {
    const session = new StandInSession()
    denyAllPermissions(session)
    expect(session.checkHandler?.({}, 'media')).toBe(false)
    expect(session.checkHandler?.({}, 'notifications')).toBe(false)
  })
})
