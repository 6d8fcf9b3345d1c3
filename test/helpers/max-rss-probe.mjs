// Preloaded into a CLI child (NODE_OPTIONS=--import …): prints the process's peak resident memory as it exits,
// so a test can bound what a command cost without timing it.
process.on('exit', () => {
  process.stderr.write(`\nmax-rss-kb=${process.resourceUsage().maxRSS}\n`)
})
