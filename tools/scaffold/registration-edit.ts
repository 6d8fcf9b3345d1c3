import { MeridianError } from '../../src/shared/errors.ts'

/** The marker lines in `migrations/index.ts` the scaffold inserts above; each must appear exactly once. */
export const IMPORT_ANCHOR = '// new-migration: imports above this line'
export const UPGRADE_ANCHOR = '// new-migration: upgrades above this line'

export interface Registration {
  /** The migration's export, e.g. `taskV3ToV4`. */
  identifier: string
  /** Its module beside index.ts, e.g. `./task-v3-to-v4.ts`. */
  modulePath: string
  /** For messages: `Task v3 → v4`. */
  step: string
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function anchorLine(text: string, anchor: string, file: string): { start: number; indent: string } {
  const lines = [...text.matchAll(new RegExp(`^([ \\t]*)${escapeRegExp(anchor)}[ \\t]*$`, 'gm'))]
  if (lines.length !== 1) {
    const found = lines.length === 0 ? 'has no line' : `has ${lines.length} lines`
    throw new MeridianError(
      'INVALID_INPUT',
      `${file} ${found} "${anchor}" (it needs exactly one): put the marker back where new ${anchor.includes('imports') ? 'imports' : 'upgrades'} go (see README, "Writing a migration")`
    )
  }
  const match = lines[0] as RegExpMatchArray
  return { start: match.index ?? 0, indent: match[1] ?? '' }
}

/** Whether `text` already imports or lists this migration (by identifier or by module). */
export function registers(text: string, registration: Registration): boolean {
  return new RegExp(`\\b${escapeRegExp(registration.identifier)}\\b`).test(text) || new RegExp(`['"]${escapeRegExp(registration.modulePath)}['"]`).test(text)
}

/**
 * Registers an upgrade in the text of `migrations/index.ts`: its import above the import anchor, its name above the
 * upgrade anchor, both markers kept for the next one. A pure text edit, checked before anything is written:
 * INVALID_INPUT when a marker is missing or doubled, or when the file already registers this migration (so a
 * second run cannot register it twice).
 */
export function addRegistration(text: string, registration: Registration, file = 'src/main/engine/migrations/index.ts'): string {
  if (registers(text, registration)) {
    throw new MeridianError('INVALID_INPUT', `${file} already registers ${registration.step} (${registration.identifier}): nothing to add`)
  }
  const imports = anchorLine(text, IMPORT_ANCHOR, file)
  const upgrades = anchorLine(text, UPGRADE_ANCHOR, file)
  const insertions = [
    { at: imports.start, line: `${imports.indent}import { ${registration.identifier} } from '${registration.modulePath}'\n` },
    { at: upgrades.start, line: `${upgrades.indent}${registration.identifier},\n` }
  ].sort((a, b) => b.at - a.at)
  let edited = text
  for (const { at, line } of insertions) edited = `${edited.slice(0, at)}${line}${edited.slice(at)}`
  return edited
}
