import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// ── Layering ────────────────────────────────────────────────────────────────────────────────────────────────
// Each folder lists what it may not import; a wrong import fails lint, not review. Nothing is resolved: a
// relative import is recognised by the folder it climbs into (`../renderer/…`, `../../main/…`), so keep
// cross-folder imports relative and plain.

/** A package and its subpaths (`react`, `react/jsx-runtime`). */
const pkg = (name) => ({
  regex: `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/.*)?$`,
  caseSensitive: true,
  message: `'${name}' does not belong in this layer.`,
})

/** Node built-ins, with or without the `node:` prefix. */
const nodeBuiltins = {
  regex: `^(node:.*|(${builtinModules.join('|')})(/.*)?)$`,
  caseSensitive: true,
  message: 'src/shared runs on every side, the renderer included: no Node built-ins.',
}

/** A relative import that leaves the current folder and enters one of `folders` (e.g. `../../main/engine/x.ts`). */
const folders = (...names) => ({
  regex: `^(\\./)?(\\.\\./)+(.+/)?(${names.join('|')})(/|$)`,
  caseSensitive: true,
  message: `This layer may not import from ${names.map((name) => `${name}/`).join(', ')}.`,
})

const layers = [
  {
    name: 'layer/engine',
    files: ['src/main/engine/**'],
    forbid: [
      pkg('electron'),
      pkg('react'),
      pkg('react-dom'),
      pkg('zustand'),
      folders('renderer', 'preload', 'cli', 'electron'),
    ],
  },
  {
    name: 'layer/shared',
    files: ['src/shared/**'],
    forbid: [
      pkg('electron'),
      pkg('react'),
      pkg('react-dom'),
      pkg('classic-level'),
      nodeBuiltins,
      folders('main', 'renderer', 'preload'),
    ],
  },
  {
    name: 'layer/cli',
    files: ['src/main/cli/**'],
    forbid: [pkg('electron'), pkg('react'), pkg('react-dom'), folders('electron', 'renderer', 'preload')],
  },
  { name: 'layer/renderer', files: ['src/renderer/**'], forbid: [pkg('electron'), folders('main')] },
  { name: 'layer/preload', files: ['src/preload/**'], forbid: [folders('main')] },
  {
    // Only src/main/index.ts and src/main/electron/ (and the preload) may touch Electron.
    name: 'layer/main-other',
    files: ['src/main/**'],
    ignores: ['src/main/index.ts', 'src/main/electron/**', 'src/main/engine/**', 'src/main/cli/**'],
    forbid: [pkg('electron')],
  },
].map(({ forbid, ...layer }) => ({ ...layer, rules: { 'no-restricted-imports': ['error', { patterns: forbid }] } }))

// ── Config ──────────────────────────────────────────────────────────────────────────────────────────────────
const unusedVars = {
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
}

export default defineConfig([
  globalIgnores([
    'out/',
    'dist/',
    'node_modules/',
    'resources/',
    'coverage/',
    'test-results/',
    'playwright-report/',
    'bench/results/',
    '.tmp/',
  ]),
  {
    name: 'javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: { 'no-unused-vars': ['error', unusedVars] },
  },
  {
    name: 'typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', unusedVars],
    },
  },
  { name: 'renderer-globals', files: ['src/renderer/**'], languageOptions: { globals: globals.browser } },
  ...layers,
  {
    // The rules of hooks and complete dependency lists, for the one React code base (the compiler-era rules too).
    name: 'react-hooks',
    files: ['src/renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
])
