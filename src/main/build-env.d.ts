// `import.meta.env.DEV` in the main process: true under `electron-vite dev` only, a constant the build folds.
/// <reference types="electron-vite/node" />
