// Child-process entry: builds one demo v1 store (Meridian-shaped: index markers and metrics/ included) and reports its result. The benchmark builds stores in a
// child so that generating a million tasks does not leave its memory in the measuring process's RSS.
import { createDemoStore } from '../src/main/demo/demo-store.ts'

const [dir, count] = process.argv.slice(2)
const started = performance.now()
const result = await createDemoStore(String(dir), { count: Number(count), version: 1 })
process.send?.({ episodes: result.episodes, keys: result.keys, seconds: (performance.now() - started) / 1000 })
