import { describe, expect, it } from 'vitest'
import type { PruneResult } from '../../../src/shared/backup.ts'
import { onStoreEvent, publish } from '../../../src/renderer/src/stores/store-events.ts'

describe('the store event hub', () => {
  it('tells every listener, in order, before publish returns, and waits for the reads they start', async () => {
    const heard: string[] = []
    let finishRead = (): void => {}
    const offs = [
      onStoreEvent('changed', () => void heard.push('status')),
      onStoreEvent('changed', async () => {
        await new Promise<void>((resolve) => (finishRead = resolve))
        heard.push('read done')
      }),
      onStoreEvent('switched', () => void heard.push('not this one'))
    ]
    const published = publish('changed')
    expect(heard).toEqual(['status'])
    let settled = false
    void published.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    finishRead()
    await published
    expect(heard).toEqual(['status', 'read done'])
    for (const off of offs) off()
  })

  it('passes the payload, and stops telling a listener that stopped listening', async () => {
    const heard: PruneResult[] = []
    const off = onStoreEvent('backups-pruned', (result) => void heard.push(result))
    const result: PruneResult = { dryRun: false, deleted: [], kept: [], reasons: {} }
    await publish('backups-pruned', result)
    off()
    await publish('backups-pruned', result)
    expect(heard).toEqual([result])
    expect(heard[0]).toBe(result)
  })
})
