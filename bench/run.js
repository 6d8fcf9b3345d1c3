#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmark through tsx, like bin/meridian-admin.js (no build step).
import { register } from 'tsx/esm/api'

register()
const { runBench } = await import('./run.ts')
process.exitCode = await runBench(process.argv.slice(2))
