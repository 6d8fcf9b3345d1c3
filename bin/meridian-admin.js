#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so a fresh clone works after `npm ci` with no build step.
import { register } from 'tsx/esm/api'

// `meridian-admin … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

register()
const { main } = await import('../src/main/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
