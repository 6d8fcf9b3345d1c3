import type { ProgressListener } from '../../../shared/progress.ts'
import { recordVersion } from '../../../shared/record-version.ts'
import type { StoreCounts } from '../../../shared/store-status.ts'
import { EventLoopYielder } from '../support/event-loop-yield.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import { KeyCountEstimate } from './key-count-estimate.ts'
import { listKeyGroups } from './key-groups.ts'
import { keyPrefixOf } from './key-prefix.ts'
import type { Db } from './store.ts'
import { scanBatches } from './store-scan.ts'

export { keyPrefixOf }

function versionLabel(value: Buffer): string {
  try {
    const record: unknown = JSON.parse(value.toString('utf8'))
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'invalid'
    const version = recordVersion(record)
    return version === null ? 'invalid' : String(version)
  } catch {
    return 'invalid'
  }
}

export interface CountOptions {
  signal?: AbortSignal
  /** Progress in keys counted, against a total estimated from the store's table sizes. */
  onProgress?: ProgressListener
  /** The counts so far, each time a group is done: a screen fills in while the rest is counted. */
  onPartial?: (counts: StoreCounts) => void
}

/** Records per group as they are counted; `counts()` is the answer so far, groups in key-prefix order. */
class GroupTally {
  private readonly groups = new Map<string, { records: number; versions: Map<string, number> | null }>()
  keys = 0

  constructor(private readonly versioned: ReadonlySet<string>) {}

  private group(prefix: string): { records: number; versions: Map<string, number> | null } {
    let group = this.groups.get(prefix)
    if (!group) {
      group = { records: 0, versions: this.versioned.has(prefix) ? new Map() : null }
      this.groups.set(prefix, group)
    }
    return group
  }

  add(prefix: string, records: number): void {
    this.group(prefix).records += records
    this.keys += records
  }

  addRecord(prefix: string, value: Buffer): void {
    const group = this.group(prefix)
    group.records++
    this.keys++
    if (group.versions) {
      const label = versionLabel(value)
      group.versions.set(label, (group.versions.get(label) ?? 0) + 1)
    }
  }

  counts(): StoreCounts {
    return {
      keys: this.keys,
      prefixes: [...this.groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([prefix, group]) => ({
          prefix,
          records: group.records,
          versions: group.versions ? Object.fromEntries([...group.versions.entries()].sort()) : null
        }))
    }
  }
}

/**
 * Records per key prefix, and per record version for the prefixes migrations handle. The groups are found by
 * seeking (key-groups.ts), then each is counted on its own: keys only where no version is wanted (an index of a
 * million keys is read without its values), values parsed only under a versioned prefix.
 */
export async function countRecords(db: Db, versionedPrefixes: readonly string[], options: CountOptions = {}): Promise<StoreCounts> {
  const { signal } = options
  const versioned = new Set(versionedPrefixes)
  const yielder = new EventLoopYielder()
  const tally = new GroupTally(versioned)
  const { groups, restFrom } = await listKeyGroups(db)
  const estimate = options.onProgress ? await KeyCountEstimate.of(db, signal) : null
  const progress = estimate ? new ProgressTracker('count', estimate.current, options.onProgress, null, !estimate.exact) : null
  const advance = async (records: number, lastKey: Buffer | undefined): Promise<void> => {
    if (!progress || !estimate) return
    if (!estimate.exact && lastKey) progress.retotal(await estimate.refine(tally.keys, lastKey))
    progress.advance(records)
  }
  for (const [index, { prefix, start }] of groups.entries()) {
    const range = { gte: start, lt: groups[index + 1]?.start ?? restFrom ?? undefined }
    if (versioned.has(prefix)) {
      for await (const batch of scanBatches(db, { ...range, signal })) {
        for (let i = 0; i < batch.length; i++) {
          tally.addRecord(prefix, (batch[i] as [Buffer, Buffer])[1])
          // Parsing a batch of large records can hold the thread for tens of ms: the host's page stays responsive.
          if ((i & 63) === 63) await yielder.maybeYield()
        }
        await advance(batch.length, batch.at(-1)?.[0])
      }
    } else {
      for await (const batch of scanBatches(db, { ...range, values: false, signal, batchSize: 5000 })) {
        tally.add(prefix, batch.length)
        await advance(batch.length, batch.at(-1)?.[0])
      }
    }
    options.onPartial?.(tally.counts())
  }
  if (restFrom) {
    // More groups than are listed (a foreign store of named keys): the rest is read whole, each key grouped.
    for await (const batch of scanBatches(db, { gte: restFrom, signal })) {
      for (const [key, value] of batch) {
        tally.addRecord(keyPrefixOf(key.toString('utf8')), value)
        await yielder.maybeYield()
      }
      await advance(batch.length, batch.at(-1)?.[0])
    }
  }
  progress?.finish()
  return tally.counts()
}
