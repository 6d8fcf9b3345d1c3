import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { MeridianError } from '../../../shared/errors.ts'
import { recordProblemSchema, type RecordProblem } from '../../../shared/repair.ts'
import { AtomicFile } from '../backup/file/atomic-file.ts'
import { toIoError } from '../support/io-errors.ts'

/**
 * The set-aside archive: JSON lines, so a person can read and fix a record in any editor and a script can take
 * it line by line. The first line is the header; each next line one record, its key and value byte for byte
 * (`value` as text when the bytes are UTF-8, `valueBase64` otherwise) and why it was set aside. The backup file
 * format was not reused: it is compressed and checksummed, made to be restored whole, not edited.
 */
export const SET_ASIDE_FORMAT = 'meridian-admin set-aside'

const headerSchema = z.object({
  format: z.literal(SET_ASIDE_FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  dataDir: z.string(),
  /** The store's version when the records were set aside: what their versions are read against on the way back. */
  schemaVersion: z.number().int().min(1),
  records: z.number().int().nonnegative(),
  /** The safety-net backup taken just before, which still holds every record set aside. */
  backupId: z.string()
})
export type SetAsideHeader = z.infer<typeof headerSchema>

const lineSchema = z.union([
  z.object({ key: z.string(), value: z.string(), problems: z.array(recordProblemSchema) }),
  z.object({ key: z.string(), valueBase64: z.string(), problems: z.array(recordProblemSchema) })
])

export interface ArchivedRecord {
  key: string
  value: Buffer
  problems: RecordProblem[]
}

export interface SetAsideArchive {
  header: SetAsideHeader
  records: ArchivedRecord[]
}

/** Where a store's set-asides go by default: `<DIR>.set-aside/`, beside the store (and its default backups). */
export const setAsideFolderOf = (dataDir: string): string => `${dataDir}.set-aside`

/** The default archive of a store: `<DIR>.set-aside/set-aside_YYYYMMDD_HHMMSS.jsonl` (UTC), beside its backups. */
export function defaultArchivePath(dataDir: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15)
  return path.join(setAsideFolderOf(dataDir), `set-aside_${stamp}.jsonl`)
}

function lineOf(record: ArchivedRecord): string {
  const text = record.value.toString('utf8')
  const value = Buffer.from(text, 'utf8').equals(record.value) ? { value: text } : { valueBase64: record.value.toString('base64') }
  return JSON.stringify({ key: record.key, ...value, problems: record.problems })
}

/** INVALID_INPUT when `file` exists already: an archive is never replaced. Checked before any write of a set-aside. */
export function refuseExistingArchive(file: string): void {
  if (existsSync(file)) throw new MeridianError('INVALID_INPUT', `The archive ${file} exists already: give another --archive path`)
}

/** Writes the archive whole or not at all (temporary name, synced, then moved into place; see AtomicFile). */
export async function writeSetAsideArchive(file: string, archive: SetAsideArchive): Promise<void> {
  refuseExistingArchive(file)
  const text = [JSON.stringify(archive.header), ...archive.records.map(lineOf)].join('\n') + '\n'
  let atomic: AtomicFile | undefined
  try {
    await mkdir(path.dirname(file), { recursive: true })
    atomic = await AtomicFile.create(file, `${file}.${process.pid}.tmp`)
    await atomic.write(Buffer.from(text, 'utf8'))
    await atomic.commit()
  } catch (error) {
    await atomic?.discard()
    if (error instanceof MeridianError) throw error
    throw toIoError(error, `write the set-aside archive ${file}`)
  }
}

/** Reads an archive whole; INVALID_INPUT naming the line when it is not one (archives hold only the records set aside). */
export async function readSetAsideArchive(file: string): Promise<SetAsideArchive> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MeridianError('INVALID_INPUT', `No set-aside archive at ${file}`)
    throw toIoError(error, `read the set-aside archive ${file}`)
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  const parseLine = <T>(schema: z.ZodType<T>, index: number): T => {
    let json: unknown
    try {
      json = JSON.parse(lines[index] ?? '')
    } catch {
      throw new MeridianError('INVALID_INPUT', `${file}, line ${index + 1}: not valid JSON (each line of an archive is one JSON object)`)
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      const what = index === 0 ? 'not a set-aside archive header' : 'not an archived record ({"key", "value", "problems"})'
      throw new MeridianError('INVALID_INPUT', `${file}, line ${index + 1}: ${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
    }
    return parsed.data
  }
  if (lines.length === 0) throw new MeridianError('INVALID_INPUT', `${file} is empty: not a set-aside archive`)
  const header = parseLine(headerSchema, 0)
  const records: ArchivedRecord[] = []
  const seen = new Set<string>()
  for (let i = 1; i < lines.length; i++) {
    const line = parseLine(lineSchema, i)
    if (seen.has(line.key)) throw new MeridianError('INVALID_INPUT', `${file}, line ${i + 1}: the key ${line.key} is archived twice`)
    seen.add(line.key)
    const value = 'value' in line ? Buffer.from(line.value, 'utf8') : Buffer.from(line.valueBase64, 'base64')
    records.push({ key: line.key, value, problems: line.problems })
  }
  return { header, records }
}
