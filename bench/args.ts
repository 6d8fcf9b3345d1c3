/** Command-line options of `npm run bench`. */
export interface BenchArgs {
  /** Task counts of the stores to build and measure, smallest first. */
  sizes: number[]
  /** Skip the naive per-item run (tiny runs, where it says nothing). */
  skipNaive: boolean
  /** The naive run stops after this many records and its rate is extrapolated. */
  naiveCap: number
  /** Records whose backup frames feed the compression comparison. */
  compressionSample: number
  /** Where the JSON results go. */
  out: string
  tiny: boolean
}

export const DEFAULT_SIZES = [100_000, 1_000_000]
export const LARGE_SIZE = 5_000_000
export const TINY_SIZE = 2_000
export const DEFAULT_OUT = 'bench/results/latest.json'

const USAGE = `npm run bench -- [--sizes 10000,100000] [--large] [--tiny] [--naive-cap 50000] [--out file.json]
  --sizes N,M   task counts of the stores to build (default 100000,1000000)
  --large       also measure a 5,000,000-task store
  --tiny        one 2,000-task store, no naive run: keeps the script working in tests
  --naive-cap N the naive run stops after N records and extrapolates (default 50000)
  --out FILE    where the JSON goes (default bench/results/latest.json)`

function count(text: string | undefined, flag: string): number {
  const value = Number(String(text ?? '').replace(/_/g, ''))
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} needs a whole number of at least 1, got ${String(text)}\n${USAGE}`)
  return value
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { sizes: [...DEFAULT_SIZES], skipNaive: false, naiveCap: 50_000, compressionSample: 50_000, out: DEFAULT_OUT, tiny: false }
  let large = false
  let sizesGiven = false
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    switch (flag) {
      case '--sizes':
        args.sizes = String(argv[++i] ?? '')
          .split(',')
          .map((part) => count(part, '--sizes'))
        sizesGiven = true
        break
      case '--large':
        large = true
        break
      case '--tiny':
        args.tiny = true
        break
      case '--naive-cap':
        args.naiveCap = count(argv[++i], '--naive-cap')
        break
      case '--out':
        args.out = String(argv[++i] ?? '')
        if (!args.out) throw new Error(`--out needs a file name\n${USAGE}`)
        break
      case '--help':
      case '-h':
        console.log(USAGE)
        process.exit(0)
        break
      default:
        throw new Error(`Unknown option ${String(flag)}\n${USAGE}`)
    }
  }
  if (args.tiny) {
    args.sizes = sizesGiven ? args.sizes : [TINY_SIZE]
    args.skipNaive = true
    args.compressionSample = Math.min(args.compressionSample, TINY_SIZE)
  }
  if (large && !args.sizes.includes(LARGE_SIZE)) args.sizes.push(LARGE_SIZE)
  args.sizes = [...new Set(args.sizes)].sort((a, b) => a - b)
  return args
}
