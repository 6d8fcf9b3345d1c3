import { execFile } from 'node:child_process'
import { cp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SPEC_REFS_SET } from '../../helpers/example-set.ts'
import { REPO } from './project-copy.ts'

/** A copy of examples/migrations/spec-refs at `root/name`, as a user would start their own set from it. */
export async function copyExampleSet(root: string, name = 'my-migrations'): Promise<string> {
  const dir = path.join(root, name)
  await cp(SPEC_REFS_SET, dir, { recursive: true })
  return dir
}

/** The README walkthrough's two edits to a scaffolded `new-migration --name "Add estimate_confidence"` module. */
export const ESTIMATE_CONFIDENCE_EDITS = {
  field: '    estimate_confidence: z.number().min(0).max(1).nullable(),',
  transform: '    transform: (task) => kit.withFields(task, { schema_version: 4 as const, estimate_confidence: null })'
}

/** Makes those edits in `file`, in place of the TODOs the scaffold left; fails when a TODO is not where expected. */
export async function fillInEstimateConfidence(file: string): Promise<string> {
  const text = await readFile(file, 'utf8')
  const field = /^ {4}\/\/ TODO\(add-estimate-confidence\): declare the new field here.*$/m
  const transform = /^ {4}\/\/ TODO\(add-estimate-confidence\): return[\s\S]*?\n {4}\}\n/m
  if (!field.test(text) || !transform.test(text)) throw new Error(`${file} does not have the TODOs new-migration writes`)
  const filled = text.replace(field, ESTIMATE_CONFIDENCE_EDITS.field).replace(transform, `${ESTIMATE_CONFIDENCE_EDITS.transform}\n`)
  await writeFile(file, filled)
  return filled
}

/**
 * tsc on `files` with the project's compiler options, from a config written into `root`: a scaffolded module's kit
 * import resolves into this checkout wherever the set lies. Resolves with tsc's exit code and output.
 */
export async function typeCheck(root: string, files: readonly string[]): Promise<{ code: number; stdout: string }> {
  const config = path.join(root, 'tsconfig.set-check.json')
  const options = { extends: path.join(REPO, 'tsconfig.base.json'), compilerOptions: { lib: ['ES2023'], types: [], noEmit: true }, files }
  await writeFile(config, JSON.stringify(options))
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', config], { timeout: 120_000 }, (error, stdout) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout })
    )
  })
}
