// Reads vitest's JSON report and prints one final line: `N passed, N failed` (`, N skipped` when any were).
// Usage: node .ci/summarize.mjs <report.json> <exit status of `npm test`>
// `npm test` runs typecheck, lint, then vitest: a non-zero status that no failed test explains (typecheck or lint
// failed, so vitest never ran; or vitest itself failed outside any test) counts as one failed check.
// Exits 1 when anything failed or when no test ran.
import { readFileSync } from 'node:fs'

const [reportPath = 'test-results/vitest.json', statusArg = '0'] = process.argv.slice(2)
const npmTestStatus = Number(statusArg)

function readReport(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

const report = readReport(reportPath)
let passed = 0
let failed = 0
let skipped = 0
for (const file of report?.testResults ?? []) {
  const tests = file.assertionResults ?? []
  for (const test of tests) {
    if (test.status === 'passed') passed++
    else if (test.status === 'failed') failed++
    else skipped++ // skipped, pending, todo, disabled
  }
  // A file that failed with no failing test (it did not load, or a hook threw) is a failure of its own.
  if (file.status === 'failed' && !tests.some((test) => test.status === 'failed')) {
    failed++
    console.log(`Failed outside any test: ${file.name}`)
  }
}

const testsRan = passed + failed > 0
if (!report) console.log(`No test report at ${reportPath}: vitest did not run or did not finish.`)
if (npmTestStatus !== 0 && failed === 0) {
  failed++
  console.log(`npm test exited with status ${npmTestStatus} outside the test results (typecheck, lint or vitest).`)
}
if (!testsRan) console.log('No test ran.')

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 || !testsRan ? 1 : 0
