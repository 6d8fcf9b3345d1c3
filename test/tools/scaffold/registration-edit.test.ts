import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addRegistration, IMPORT_ANCHOR, registers, UPGRADE_ANCHOR } from '../../../tools/scaffold/registration-edit.ts'
import { thrownBy } from '../../helpers/temp-store.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const v4 = { identifier: 'taskV3ToV4', modulePath: './task-v3-to-v4.ts', step: 'Task v3 → v4' }
const v5 = { identifier: 'taskV4ToV5', modulePath: './task-v4-to-v5.ts', step: 'Task v4 → v5' }

const INDEX = `import { MigrationRegistry } from '../registry.ts'
import { taskV1ToV2 } from './task-v1-to-v2.ts'
import { taskV2ToV1 } from './task-v2-to-v1.ts'
${IMPORT_ANCHOR}

export const upMigrations = [
  taskV1ToV2,
  ${UPGRADE_ANCHOR}
]
export const downMigrations = [taskV2ToV1]
`

describe('registering a migration in migrations/index.ts', () => {
  it('adds the import above the import marker and the name above the upgrade marker, keeping both markers', () => {
    expect(addRegistration(INDEX, v4)).toBe(`import { MigrationRegistry } from '../registry.ts'
import { taskV1ToV2 } from './task-v1-to-v2.ts'
import { taskV2ToV1 } from './task-v2-to-v1.ts'
import { taskV3ToV4 } from './task-v3-to-v4.ts'
${IMPORT_ANCHOR}

export const upMigrations = [
  taskV1ToV2,
  taskV3ToV4,
  ${UPGRADE_ANCHOR}
]
export const downMigrations = [taskV2ToV1]
`)
  })

  it('registers the next step after the previous one, in order', () => {
    const edited = addRegistration(addRegistration(INDEX, v4), v5)
    expect(edited.indexOf("from './task-v3-to-v4.ts'")).toBeLessThan(edited.indexOf("from './task-v4-to-v5.ts'"))
    expect(edited).toContain(`  taskV3ToV4,\n  taskV4ToV5,\n  ${UPGRADE_ANCHOR}`)
  })

  it('refuses to register the same step twice (INVALID_INPUT), so a second run cannot double it', () => {
    const once = addRegistration(INDEX, v4)
    const error = thrownBy(() => addRegistration(once, v4))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('already registers Task v3 → v4 (taskV3ToV4)')
    expect(registers(once, v4)).toBe(true)
    expect(registers(INDEX, v4)).toBe(false)
  })

  it('counts an import of the module under another name as already registered', () => {
    const text = INDEX.replace(IMPORT_ANCHOR, `import { somethingElse } from './task-v3-to-v4.ts'\n${IMPORT_ANCHOR}`)
    expect(thrownBy(() => addRegistration(text, v4)).code).toBe('INVALID_INPUT')
  })

  it.each([
    ['the import marker is missing', INDEX.replace(`${IMPORT_ANCHOR}\n`, ''), 'has no line "// new-migration: imports'],
    ['the upgrade marker is missing', INDEX.replace(UPGRADE_ANCHOR, ''), 'has no line "// new-migration: upgrades'],
    ['a marker is there twice', `${INDEX}${IMPORT_ANCHOR}\n`, 'has 2 lines "// new-migration: imports'],
    ['a marker is reworded', INDEX.replace(UPGRADE_ANCHOR, '// new-migration: upgrades go here'), 'has no line']
  ])('refuses with INVALID_INPUT naming the file and the marker when %s', (_case, text, expected) => {
    const error = thrownBy(() => addRegistration(text, v4))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('src/main/engine/migrations/index.ts')
    expect(error.message).toContain(expected)
  })

  it('finds both markers in the real migrations/index.ts', async () => {
    const text = await readFile(path.join(REPO, 'src/main/engine/migrations/index.ts'), 'utf8')
    const edited = addRegistration(text, v4)
    expect(edited.split('\n').length).toBe(text.split('\n').length + 2)
    expect(edited).toContain("import { taskV3ToV4 } from './task-v3-to-v4.ts'")
  })
})
