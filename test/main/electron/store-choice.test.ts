import { describe, expect, it } from 'vitest'
import { chooseInitialStore, dataDirArgument, migrationsArgument } from '../../../src/main/electron/store-choice.ts'

describe('which store the desktop app opens', () => {
  it('prefers --data-dir, then MERIDIAN_DATA_DIR, then the last one opened, then the demo', () => {
    const argv = ['/usr/bin/electron', '.', '--data-dir', '/data/a']
    expect(chooseInitialStore(argv, { MERIDIAN_DATA_DIR: '/data/b' }, '/data/c')).toEqual({ dataDir: '/data/a', source: 'argument' })
    expect(chooseInitialStore(['electron', '.'], { MERIDIAN_DATA_DIR: '/data/b' }, '/data/c')).toEqual({ dataDir: '/data/b', source: 'environment' })
    expect(chooseInitialStore(['electron', '.'], { MERIDIAN_DATA_DIR: ' ' }, '/data/c')).toEqual({ dataDir: '/data/c', source: 'last-opened' })
    expect(chooseInitialStore(['electron', '.'], {}, undefined)).toEqual({ dataDir: undefined, source: 'demo' })
  })

  it('reads --data-dir in both spellings and ignores a flag without a value', () => {
    expect(dataDirArgument(['--data-dir=/x'])).toBe('/x')
    expect(dataDirArgument(['--inspect', '--data-dir', '/y', '--other'])).toBe('/y')
    expect(dataDirArgument(['--data-dir'])).toBeUndefined()
    expect(dataDirArgument(['--data-dir', '--no-sandbox'])).toBeUndefined()
    expect(dataDirArgument(['--data-dir='])).toBeUndefined()
  })

  it('reads --migrations (the migration set) in both spellings, apart from --data-dir', () => {
    expect(migrationsArgument(['electron', '.', '--data-dir', '/d', '--migrations', '/sets/spec-refs'])).toBe('/sets/spec-refs')
    expect(migrationsArgument(['--migrations=/s'])).toBe('/s')
    expect(migrationsArgument(['--data-dir', '/d'])).toBeUndefined()
    expect(dataDirArgument(['--migrations', '/s'])).toBeUndefined()
  })
})
