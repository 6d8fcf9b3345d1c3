// A child process that opens a store for reading (a private snapshot), reports the snapshot's folder and waits
// to be killed: the leftover a SIGKILLed app or CLI leaves in the temp folder. Run with `--import tsx`.
import { MeridianStore } from '../../src/main/engine/store/store.ts'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: hold-snapshot.ts DATA_DIR')
const store = await MeridianStore.open(dataDir)
process.send?.({ snapshotDir: store.db.snapshotDir ?? null })
setInterval(() => undefined, 60_000)
