import { cp, mkdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** What new-migration reads and writes: enough for the scaffold itself, not to build or test anything. */
export const SCAFFOLD_PARTS = ['src/main/engine/support/constants.ts', 'src/main/engine/schemas', 'src/main/engine/migrations', 'test/helpers/tasks.ts']

/** A checkout that runs: the CLI, vitest, tsc and eslint work in it (node_modules is a link to ours). */
export const RUNNABLE_PARTS = [
  'bin',
  'src',
  'tools',
  'test/helpers',
  'test/tiers.ts',
  'package.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'vitest.config.ts',
  'eslint.config.js',
  '.prettierrc.json'
]

/** Copies `parts` of this repository into `root` (created as needed); `linkModules` links node_modules. */
export async function copyProject(root: string, parts: readonly string[], linkModules = false): Promise<string> {
  for (const part of parts) {
    await mkdir(path.dirname(path.join(root, part)), { recursive: true })
    await cp(path.join(REPO, part), path.join(root, part), { recursive: true })
  }
  if (linkModules) await symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  return root
}
