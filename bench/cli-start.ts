import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** The target: `meridian-admin --help` within 0.3 s of wall time on this machine. */
const TARGET_SECONDS = 0.3

interface Start {
  name: string
  args: string[]
}

/**
 * How long a start of the CLI takes, as a person's shell starts it: each command runs `runs` times, interleaved
 * (so a busy moment of the machine falls on all of them alike), and is reported by its median, as a ratio to the
 * baseline measured in the same run: `node -e ''`, the runtime's own start. The tsx line is how the CLI started
 * before lib/ (TypeScript compiled at every start), for comparison.
 */
export function measureCliStarts(runs: number): string {
  const starts: Start[] = [
    { name: "node -e '' (baseline)", args: ['-e', ''] },
    { name: 'meridian-admin --help (lib/, compiled)', args: [path.join(ROOT, 'bin/meridian-admin.js'), '--help'] },
    { name: 'meridian-admin --version (lib/, compiled)', args: [path.join(ROOT, 'bin/meridian-admin.js'), '--version'] },
    { name: '--help from the sources through tsx', args: ['--import', 'tsx', path.join(ROOT, 'src/main/cli/run-cli.ts'), '--help'] }
  ]
  const seconds = new Map<string, number[]>(starts.map((start) => [start.name, []]))
  // One start of each first, unmeasured: the file cache and Node's compile cache are warm for every measured one.
  for (const start of starts) once(start)
  for (let i = 0; i < runs; i++) for (const start of starts) seconds.get(start.name)!.push(once(start))

  const medians = new Map([...seconds].map(([name, all]) => [name, median(all)]))
  const baseline = medians.get(starts[0]!.name)!
  const help = medians.get(starts[1]!.name)!
  const lines = [
    `CLI start, median of ${runs} runs each (${process.version}):`,
    ...starts.map((start) => {
      const value = medians.get(start.name)!
      return `  ${start.name.padEnd(44)} ${value.toFixed(3)} s  ${(value / baseline).toFixed(2)}× baseline`
    }),
    `${help <= TARGET_SECONDS ? 'MET    ' : 'MISSED '} meridian-admin --help ≤ ${TARGET_SECONDS} s — ${help.toFixed(3)} s (${(help / baseline).toFixed(2)}× node's own start)`
  ]
  return lines.join('\n')
}

function once(start: Start): number {
  const began = performance.now()
  const result = spawnSync(process.execPath, start.args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  if (result.status !== 0) throw new Error(`bench: ${start.name} exited ${String(result.status)}: ${result.stderr.toString()}`)
  return (performance.now() - began) / 1000
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
