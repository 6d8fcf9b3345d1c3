// Preloaded (`node --import`) into the CLI child that bench/cli-run.ts measures: on exit it writes the process's
// event-loop delay and its exact peak RSS (getrusage maxRSS) to the file named by MERIDIAN_BENCH_CHILD_REPORT.
import { writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const histogram = monitorEventLoopDelay({ resolution: 10 })
histogram.enable()
process.on('exit', () => {
  histogram.disable()
  const report = {
    eventLoopP99Ns: histogram.count > 0 ? histogram.percentile(99) : 0,
    eventLoopMaxNs: histogram.count > 0 ? histogram.max : 0,
    maxRssKb: process.resourceUsage().maxRSS
  }
  writeFileSync(process.env.MERIDIAN_BENCH_CHILD_REPORT, JSON.stringify(report))
})
