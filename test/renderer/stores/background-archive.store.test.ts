import { beforeEach, describe, expect, it } from 'vitest'
import { archivedText, backgroundArchiveText } from '../../../src/renderer/src/components/BackgroundArchiveLine.tsx'
import { archivingCheckpoint, type ArchiveProgress, useBackgroundArchiveStore } from '../../../src/renderer/src/stores/background-archive.store.ts'
import { progressFigures } from '../../../src/renderer/src/components/ProgressPanel.tsx'
import { onStoreEvent, publish } from '../../../src/renderer/src/stores/store-events.ts'

const event = (patch: Partial<ArchiveProgress>): ArchiveProgress => ({
  checkpointId: 'backup_20261204_010203',
  state: 'running',
  progress: null,
  archiveId: null,
  error: null,
  ...patch
})

describe("the background archive's line", () => {
  beforeEach(() => useBackgroundArchiveStore.setState({ archive: null, stopping: false }))

  it('tells the others once an archive is written, and names the checkpoint whose Archive button waits only while it runs', () => {
    const written: Array<{ checkpointId: string; archiveId: string }> = []
    const stopListening = onStoreEvent('archive-written', (payload) => {
      written.push(payload)
    })
    const store = useBackgroundArchiveStore.getState()
    store.note(event({}))
    expect(archivingCheckpoint(useBackgroundArchiveStore.getState())).toBe('backup_20261204_010203')
    expect(written).toEqual([])
    store.note(event({ state: 'done', archiveId: 'backup_20261204_010203_2' }))
    expect(archivingCheckpoint(useBackgroundArchiveStore.getState())).toBeNull()
    expect(written).toEqual([{ checkpointId: 'backup_20261204_010203', archiveId: 'backup_20261204_010203_2' }])
    stopListening()
  })

  it('keeps Stop pressed while the archive runs on, lets it go once it ended, and forgets it on a store switch', async () => {
    useBackgroundArchiveStore.setState({ stopping: true })
    useBackgroundArchiveStore.getState().note(event({ progress: { phase: 'backup', done: 5, total: 10, itemsPerSecond: 1, etaSeconds: null, step: null } }))
    expect(useBackgroundArchiveStore.getState().stopping).toBe(true)
    useBackgroundArchiveStore.getState().note(event({ state: 'stopped' }))
    expect(useBackgroundArchiveStore.getState()).toMatchObject({ stopping: false, archive: { state: 'stopped' } })
    await publish('switched')
    expect(useBackgroundArchiveStore.getState().archive).toBeNull()
  })

  it('says what happened in each state, the checkpoint kept whenever no archive was', () => {
    expect(backgroundArchiveText(event({}), false)).toMatch(/^Writing the portable archive of the checkpoint backup_20261204_010203 in the background/)
    expect(backgroundArchiveText(event({}), true)).toBe('Stopping the archive of the checkpoint backup_20261204_010203…')
    expect(backgroundArchiveText(event({ state: 'done', archiveId: 'backup_20261204_010203_2' }), false)).toMatch(
      /^Archive backup_20261204_010203_2 written from the checkpoint backup_20261204_010203/
    )
    for (const state of ['stopped', 'failed'] as const)
      expect(backgroundArchiveText(event({ state }), false)).toMatch(/nothing of it was kept, and the checkpoint stays/)
  })

  it('counts records written, "about" while the total is estimated, and says Starting… before the first figure', () => {
    const progress = { phase: 'backup' as const, done: 217_822, total: 311_386, itemsPerSecond: 1, etaSeconds: null, step: null, totalIsEstimate: true }
    expect(archivedText(progressFigures(progress))).toBe('217,822 of about 311,386 records written (69%)')
    expect(archivedText(progressFigures(null))).toBe('Starting…')
  })
})
