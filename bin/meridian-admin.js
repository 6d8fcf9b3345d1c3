#!/usr/bin/env node
// `meridian-admin …`: the CLI, compiled (lib/cli.js); see compiled.js.
import { importCompiled } from './compiled.js'

await importCompiled('cli')
