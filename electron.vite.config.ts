import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      // Every package in `dependencies` (above all classic-level, a native module) stays external and is loaded
      // from node_modules at run time; only our own code is bundled.
      externalizeDeps: true,
      // The migration pass's worker thread is its own entry, beside index.js, where the engine looks for it.
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/index.ts'), 'transform-worker': resolve(root, 'src/main/engine/migration/transform-worker.ts') },
        // Shared code lands beside the entries, so `new URL('./transform-worker.js', import.meta.url)` finds it.
        output: { chunkFileNames: '[name]-[hash].js' }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing from node_modules and must be CommonJS: bundle everything into
      // one .cjs file (only `electron` stays external).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      // electron-vite leaves builds unminified; the page is the one bundle both hosts serve, so it ships minified.
      minify: true,
      rolldownOptions: { input: { index: resolve(root, 'src/renderer/index.html') } }
    }
  }
})
