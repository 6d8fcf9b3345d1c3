#!/usr/bin/env node
// `npm run bench:start [-- --runs N]`: how long the CLI takes to start (bench/cli-start.ts), against node's own start.
import { register } from 'tsx/esm/api'

register()
const { measureCliStarts } = await import('./cli-start.ts')
const at = process.argv.indexOf('--runs')
const runs = at === -1 ? 15 : Number(process.argv[at + 1])
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs takes a whole number ≥ 1, not ${process.argv[at + 1]}\n`)
  process.exit(2)
}
process.stdout.write(`${measureCliStarts(runs)}\n`)
