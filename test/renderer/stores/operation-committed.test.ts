import { beforeEach, describe, expect, it } from 'vitest'
import { cancelRunning, noteCommitted, useOperationStore } from '../../../src/renderer/src/stores/operation.store.ts'

const running = { kind: 'migration' as const, label: 'Migrating v1 → v2', startedAt: 0 }

describe("the host's word that a run has committed", () => {
  beforeEach(() => useOperationStore.setState({ running: null, committed: false, cancelRequested: false }))

  it("withdraws this window's Cancel when the id is its run's", async () => {
    useOperationStore.setState({ running: { ...running, operationId: 'op-1' } })
    noteCommitted('op-1')
    expect(useOperationStore.getState().committed).toBe(true)
    // Cancel is not asked of the host any more (no client is set up here: a call would fail loudly).
    await cancelRunning()
    expect(useOperationStore.getState().cancelRequested).toBe(false)
  })

  it("takes the id for this window's run when its first event had not told it yet", () => {
    useOperationStore.setState({ running })
    noteCommitted('op-2')
    expect(useOperationStore.getState()).toMatchObject({ committed: true, running: { operationId: 'op-2' } })
  })

  it("leaves this window alone when the run is another's, or none runs here", () => {
    useOperationStore.setState({ running: { ...running, operationId: 'op-1' } })
    noteCommitted('op-9')
    expect(useOperationStore.getState().committed).toBe(false)
    useOperationStore.setState({ running: null })
    noteCommitted('op-1')
    expect(useOperationStore.getState().committed).toBe(false)
  })
})
