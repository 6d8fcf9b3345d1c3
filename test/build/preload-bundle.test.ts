import path from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const REPO = path.resolve(import.meta.dirname, '../..')

// The sandboxed preload is bundled whole into one file (electron.vite.config.ts): whatever it imports, it carries.
// It needs the contract's call names, never its schemas (main parses every input).

describe('the preload bundle', () => {
  it('bundles no zod and stays small: it imports the call names, not the contract', async () => {
    const result = await build({
      entryPoints: [path.join(REPO, 'src/preload/index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
      logLevel: 'silent'
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((input) => input.includes('node_modules'))).toEqual([])
    expect(inputs.filter((input) => input.endsWith('api.contract.ts'))).toEqual([])
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0)
    expect(bytes).toBeLessThan(16 * 1024)
  })
})
