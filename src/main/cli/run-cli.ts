// What `meridian-admin` runs (bin/meridian-admin.js, compiled to lib/cli.js): the CLI on this process's arguments.
import { main } from './main.ts'

// `meridian-admin … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

process.exitCode = await main(process.argv.slice(2))
