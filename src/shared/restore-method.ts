import type { RestoreResult } from './backup.ts'

/**
 * How a restore put its backup in place, in one sentence for the CLI and the app alike (`took`: its duration as
 * each of them writes one; `count`: a number with its thousands separators).
 */
export function describeRestoreMethod(result: RestoreResult, took: string, count: (value: number) => string): string {
  if (result.method === 'swap') return `The store's directory was swapped for the checkpoint's in ${took} (no key rewritten)`
  if (result.method === 'rebuild') {
    return `A new store was written from the archive (${count(result.keysWritten)} keys) beside this one and swapped in, in ${took}`
  }
  const merged = `${count(result.keysWritten)} keys written, ${count(result.keysDeleted)} deleted in ${took}`
  return result.mergedBecause ? `${merged}, in the store itself (${result.mergedBecause})` : merged
}
