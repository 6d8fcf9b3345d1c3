// A child process for the kill tests of directory-swap.ts, run with `--import tsx` (fault injection comes from its
// environment): `swap DATA_DIR SOURCE` replaces DATA_DIR with a copy of the store at SOURCE (copyStoreFiles);
// `settle DATA_DIR` only finishes what an interrupted swap left. Prints one JSON line: what happened, or the error's code.
import { settleInterruptedSwap, swapStoreDirectory } from '../../src/main/engine/store/directory-swap.ts'
import { copyStoreFiles } from '../../src/main/engine/store/store-copy.ts'
import { MeridianError } from '../../src/shared/errors.ts'

const [mode, dataDir, source] = process.argv.slice(2)

try {
  if (mode === 'swap' && dataDir && source) {
    await swapStoreDirectory(dataDir, async (incoming) => {
      await copyStoreFiles(source, incoming)
    })
    process.stdout.write(`${JSON.stringify({ outcome: 'swapped' })}\n`)
  } else if (mode === 'settle' && dataDir) {
    process.stdout.write(`${JSON.stringify({ outcome: await settleInterruptedSwap(dataDir, 'write') })}\n`)
  } else {
    throw new Error('usage: swap-child.ts swap DATA_DIR SOURCE | settle DATA_DIR')
  }
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error instanceof MeridianError ? error.code : String(error), message: String(error) })}\n`)
  process.exitCode = 2
}
