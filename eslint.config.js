import { isBuiltin } from 'node:module'
import path from 'node:path'
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// ── Layering ────────────────────────────────────────────────────────────────────────────────────────────────
// An allow-list, in the manner of VS Code's layer rules: each layer names what it may import and lint refuses
// everything else, so a new dependency between layers is a decision made here, not an accident found in review.
// A relative import is resolved to its path in the tree and matched against the layer's `paths` (globs: `*`
// within a folder, `**` across folders); a bare import is a package, and naming a package allows its subpaths
// (`react` covers `react/jsx-runtime`). `node:` stands for Node's built-ins, with or without the prefix.
// Hosts reach the engine through its one door, src/main/engine/index.ts, and never the files behind it.

const ROOT = import.meta.dirname
const ENGINE_DOOR = 'src/main/engine/index.ts'
const SHARED = 'src/shared/**'

/** A glob over tree paths as a RegExp: `**` any run of folders, `*` any run of characters within one name. */
const globPattern = (glob) =>
  new RegExp(
    `^${glob
      .split(/(\*\*\/|\*\*|\*)/)
      .map((part) => ({ '**/': '(.*/)?', '**': '.*', '*': '[^/]*' })[part] ?? part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('')}$`
  )

/** The package an import names: `@scope/name` or `name`, without a subpath; `node:` for any Node built-in. */
const packageOf = (specifier) =>
  isBuiltin(specifier)
    ? 'node:'
    : specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/')

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Refuses any import the layer does not list.' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          packages: { type: 'array', items: { type: 'string' } },
          paths: { type: 'array', items: { type: 'string' } }
        },
        required: ['layer', 'packages', 'paths'],
        additionalProperties: false
      }
    ],
    messages: {
      path: 'The {{layer}} layer may not import {{target}}; it may import only {{allowed}}.',
      pastEngineDoor: 'The {{layer}} layer reaches past the engine door: import {{door}}, not {{target}}.',
      package: "The {{layer}} layer may not import the package '{{name}}'; its packages are: {{allowed}}."
    }
  },
  create(context) {
    const [{ layer, packages, paths }] = context.options
    const pathPatterns = paths.map(globPattern)
    const from = path.dirname(context.filename)
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return
      const specifier = source.value
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const target = path.relative(ROOT, path.resolve(from, specifier)).split(path.sep).join('/')
        if (pathPatterns.some((pattern) => pattern.test(target))) return
        const pastDoor = target.startsWith('src/main/engine/') && paths.includes(ENGINE_DOOR)
        const messageId = pastDoor ? 'pastEngineDoor' : 'path'
        context.report({ node: source, messageId, data: { layer, target, door: ENGINE_DOOR, allowed: paths.join(', ') } })
        return
      }
      if (packages.includes(packageOf(specifier))) return
      const allowed = packages.map((name) => (name === 'node:' ? 'Node built-ins' : name)).join(', ') || 'none'
      context.report({ node: source, messageId: 'package', data: { layer, name: specifier, allowed } })
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => check(node.expression)
    }
  }
}

const layering = { rules: { 'allowed-imports': allowedImports } }

const layers = [
  // Runs on every side, the renderer's included: only zod, no Node, nothing of the hosts'.
  { layer: 'shared', target: ['src/shared/**'], packages: ['zod'], paths: [SHARED] },
  {
    // Its files sit in concept folders; none imports the door at the top, which would make a cycle.
    layer: 'engine',
    target: ['src/main/engine/**'],
    packages: ['node:', 'zod', 'classic-level', '@nxtedition/rocksdb', 'tsx'],
    paths: ['src/main/engine/*/**', SHARED]
  },
  { layer: 'demo', target: ['src/main/demo/**'], packages: ['node:', 'zod'], paths: ['src/main/demo/**', ENGINE_DOOR, SHARED] },
  { layer: 'api', target: ['src/main/api/**'], packages: ['node:', 'zod'], paths: ['src/main/api/**', ENGINE_DOOR, SHARED] },
  {
    layer: 'web',
    target: ['src/main/web/**'],
    packages: ['node:', 'commander'],
    paths: ['src/main/web/**', 'src/main/api/**', 'src/main/demo/**', ENGINE_DOOR, SHARED]
  },
  {
    layer: 'cli',
    target: ['src/main/cli/**'],
    packages: ['node:', 'zod', 'commander', 'cli-progress'],
    paths: ['src/main/cli/**', 'src/main/demo/**', 'tools/scaffold/**', ENGINE_DOOR, SHARED]
  },
  {
    // The only main-process code that may touch Electron.
    layer: 'electron',
    target: ['src/main/electron/**', 'src/main/index.ts'],
    packages: ['node:', 'zod', 'electron'],
    paths: [
      'src/main/electron/**',
      'src/main/api/**',
      'src/main/demo/**',
      ENGINE_DOOR,
      SHARED,
      // The IPC channel names, which main and preload must agree on.
      'src/preload/api-bridge.ts',
      // The one rule for which built renderer file a request path names, shared with the web host.
      'src/main/web/static-files.ts'
    ]
  },
  { layer: 'preload', target: ['src/preload/**'], packages: ['electron'], paths: ['src/preload/**', SHARED] },
  {
    layer: 'renderer',
    target: ['src/renderer/**'],
    packages: ['react', 'react-dom', 'zustand'],
    paths: ['src/renderer/**', SHARED]
  },
  { layer: 'tools', target: ['tools/scaffold/**'], packages: ['node:', 'zod'], paths: ['tools/**', ENGINE_DOOR, SHARED] },
  // The build imports no code of ours: it names the entries to esbuild and tsc.
  { layer: 'build', target: ['tools/build/**'], packages: ['node:', 'esbuild'], paths: [] },
  {
    // The benchmarks time some engine parts on their own (codec, frames, the archive reader, record migrator, predicate, schemas),
    // so they may import those files as well as the door.
    layer: 'bench',
    target: ['bench/**'],
    packages: ['node:', 'zod', 'classic-level', 'tsx'],
    paths: [
      'bench/**',
      ENGINE_DOOR,
      SHARED,
      'src/main/demo/**',
      'test/helpers/**',
      'src/main/engine/backup/file/backup-codec.ts',
      'src/main/engine/backup/file/backup-format.ts',
      'src/main/engine/backup/file/backup-reader.ts',
      'src/main/engine/migration/record-migrator.ts',
      'src/main/engine/migration/record-transformer.ts',
      'src/main/engine/migration/predicate/schema-predicate.ts',
      'src/main/engine/migrations/*.ts',
      'src/main/engine/schemas/*.ts'
    ]
  }
].map(({ layer, target, ...allowed }) => ({
  name: `layer/${layer}`,
  files: target,
  plugins: { layering },
  rules: { 'layering/allowed-imports': ['error', { layer, ...allowed }] }
}))

// ── Config ──────────────────────────────────────────────────────────────────────────────────────────────────
const unusedVars = {
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_'
}

export default defineConfig([
  globalIgnores(['out/', 'lib/', 'dist/', 'node_modules/', 'resources/', 'coverage/', 'test-results/', 'playwright-report/', 'bench/results/', '.tmp/']),
  {
    name: 'javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: { 'no-unused-vars': ['error', unusedVars] }
  },
  {
    name: 'typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', unusedVars]
    }
  },
  { name: 'renderer-globals', files: ['src/renderer/**'], languageOptions: { globals: globals.browser } },
  ...layers,
  {
    // The rules of hooks and complete dependency lists, for the one React code base (the compiler-era rules too).
    name: 'react-hooks',
    files: ['src/renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' }
  }
])
