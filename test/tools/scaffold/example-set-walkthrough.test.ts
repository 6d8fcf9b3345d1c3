import { cp, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTasks, useTempStores } from '../../helpers/temp-store.ts'
import { runCli } from '../../main/cli/run-cli.ts'
import { ESTIMATE_CONFIDENCE_EDITS, fillInEstimateConfidence, typeCheck } from './example-set-copy.ts'
import { REPO } from './project-copy.ts'

/** Where the README's sample output has its home folder. */
const README_HOME = '/home/me'

/** The README's walkthrough of new-migration into a copy of the example set, up to the built-in set's part. */
async function walkthroughText(): Promise<string> {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8')
  const start = readme.indexOf('### A walkthrough: a set of your own, from the example')
  const end = readme.indexOf('### Into the built-in set')
  expect(start, 'the walkthrough heading').toBeGreaterThan(0)
  expect(end, 'the built-in set heading after it').toBeGreaterThan(start)
  return readme.slice(start, end)
}

/** A shell line's words: split at spaces, double quotes keeping a phrase whole (all the walkthrough needs). */
const shellWords = (line: string): string[] => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '')

interface Step {
  words: string[]
  /** The sample output printed under the command, up to the next command or the end of the block. */
  output: string[]
}

/** The walkthrough's fenced blocks of one language ('' for the shell sessions), each as its lines. */
const blocksOf = (text: string, language: string): string[][] =>
  [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)]
    .filter((match) => match[1] === language)
    .map((match) => (match[2] ?? '').split('\n').filter((line) => line.length > 0))

/** Every `$ ` command of the walkthrough's shell blocks, in order, with the output shown under it. */
function stepsOf(text: string): Step[] {
  const steps: Step[] = []
  for (const block of blocksOf(text, '')) {
    for (const line of block) {
      if (line.startsWith('$ ')) steps.push({ words: shellWords(line.slice(2)), output: [] })
      else steps.at(-1)?.output.push(line)
    }
  }
  return steps
}

/** Output lines that are the same on every run: not elided, no timings, no backup ids (taken at the time of the run). */
const stable = (line: string): boolean => !line.includes('…') && !/\d\.\d+s\b/.test(line) && !line.includes('backup_')

/**
 * The README's walkthrough, run as written: its commands on a temp home folder (`~`), the two edits its diff shows,
 * and every stable line of its sample output found in the real output. The CLI is the real one, a child process.
 */
describe("the README's walkthrough: new-migration into a copy of the example set", () => {
  const temp = useTempStores()

  it('copies the example, scaffolds Task v3 → v4, fills it in as the diff shows, and migrates a demo store to v4', async () => {
    const home = await temp.root()
    const text = await walkthroughText()
    const steps = stepsOf(text)
    expect(steps.map((step) => step.words.slice(0, 3).join(' '))).toEqual([
      'cp -r examples/migrations/spec-refs',
      'npx meridian-admin new-migration',
      'npx meridian-admin demo',
      'npx meridian-admin migrate',
      'npx meridian-admin migrate'
    ])
    const module = path.join(home, 'my-migrations', 'task-v3-to-v4.ts')

    for (const step of steps) {
      const words = step.words.map((word) => word.replace(/^~(?=\/)/, home))
      if (words[0] === 'cp') {
        await cp(path.join(REPO, words[2] ?? ''), words[3] ?? '', { recursive: true })
        continue
      }
      const run = await runCli(words.slice(2))
      expect(run.code, `${step.words.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0)
      const lines = run.stdout.split('\n')
      for (const line of step.output.filter(stable)) expect(lines, step.words.join(' ')).toContain(line.replaceAll(README_HOME, home))

      if (words[2] === 'new-migration') {
        // The diff's removed and context lines are the module as generated; its added lines, the edits made.
        const generated = (await readFile(module, 'utf8')).split('\n')
        const diff = blocksOf(text, 'diff')[0] ?? []
        for (const line of diff.filter((line) => /^[- ]/.test(line) && line !== ' …')) expect(generated).toContain(line.slice(1))
        expect(diff.filter((line) => line.startsWith('+')).map((line) => line.slice(1))).toEqual([
          ESTIMATE_CONFIDENCE_EDITS.field,
          ESTIMATE_CONFIDENCE_EDITS.transform
        ])
        await fillInEstimateConfidence(module)
        const tsc = await typeCheck(home, [module])
        expect(tsc.code, tsc.stdout).toBe(0)
      }
    }

    const opened = await temp.open(path.join(home, 'store'))
    expect(await opened.readVersion()).toBe(4)
    const tasks = await readTasks(opened.db)
    expect(tasks.size).toBe(2000)
    for (const task of tasks.values()) expect(task).toMatchObject({ schema_version: 4, estimate_confidence: null, spec_refs: expect.any(Array) as unknown })
  }, 120_000)
})
