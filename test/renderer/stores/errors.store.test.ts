import { beforeEach, describe, expect, it } from 'vitest'
import { useErrorStore } from '../../../src/renderer/src/stores/errors.store.ts'

beforeEach(() => useErrorStore.setState({ banners: [] }))

describe('the error banners', () => {
  it('shows each coded error once, newest first, cancellations as warnings', () => {
    const errors = useErrorStore.getState()
    errors.report('Dry run', { code: 'BUSY', message: 'A migration is running' })
    errors.report('Migration', { code: 'CANCELLED', message: 'Migration cancelled' })
    const banners = useErrorStore.getState().banners
    expect(banners.map((b) => [b.code, b.tone])).toEqual([
      ['CANCELLED', 'warning'],
      ['BUSY', 'error']
    ])
  })

  it('merges the same error from several actions into one banner naming them all', () => {
    const errors = useErrorStore.getState()
    errors.report('Reading the store', { code: 'IO_ERROR', message: 'host gone' })
    errors.report('Listing backups', { code: 'IO_ERROR', message: 'host gone' })
    errors.report('Listing backups', { code: 'IO_ERROR', message: 'host gone' })
    expect(useErrorStore.getState().banners).toHaveLength(1)
    expect(useErrorStore.getState().banners[0]?.contexts).toEqual(['Reading the store', 'Listing backups'])
  })

  it('clears an action’s banner when it later succeeds, and dismisses on request', () => {
    const errors = useErrorStore.getState()
    errors.report('Reading the store', { code: 'IO_ERROR', message: 'host gone' })
    errors.report('Listing backups', { code: 'IO_ERROR', message: 'host gone' })
    errors.report('Verify', { code: 'BACKUP_CORRUPT', message: 'checksum mismatch' })
    errors.clearContext('Reading the store')
    errors.clearContext('Listing backups')
    expect(useErrorStore.getState().banners.map((b) => b.code)).toEqual(['BACKUP_CORRUPT'])
    errors.dismiss(useErrorStore.getState().banners[0]!.id)
    expect(useErrorStore.getState().banners).toEqual([])
  })
})
