import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ID, PRODUCT_NAME } from '../../src/main/electron/about-panel.ts'

const REPO = path.resolve(import.meta.dirname, '../..')

interface BuilderConfig {
  [option: string]: unknown
}

/** electron-builder's own config loading and schema check (app-builder-lib, what `electron-builder` runs first). */
interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: BuilderConfig | null): Promise<BuilderConfig>
  validateConfiguration(config: BuilderConfig, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>
}

function builderConfigModule(): ConfigModule {
  // A devDependency: resolved from the project as electron-builder itself resolves it.
  const loaded: unknown = createRequire(path.join(REPO, 'package.json'))('app-builder-lib/out/util/config/config.js')
  const candidate = loaded as Partial<ConfigModule> | null
  if (typeof candidate?.getConfig !== 'function' || typeof candidate.validateConfiguration !== 'function') {
    throw new Error("app-builder-lib's config module no longer exports getConfig and validateConfiguration")
  }
  return candidate as ConfigModule
}

const quietDebug = { isEnabled: false, add: () => undefined }

describe('electron-builder.yml (the installers of the desktop app)', () => {
  it("passes electron-builder's own schema check", async () => {
    const builder = builderConfigModule()
    const config = await builder.getConfig(REPO, null, null)
    await expect(builder.validateConfiguration(config, quietDebug)).resolves.toBeUndefined()
  })

  it('is refused by that check when an option is misspelled (the check is live)', async () => {
    const builder = builderConfigModule()
    const config = await builder.getConfig(REPO, null, null)
    await expect(builder.validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, quietDebug)).rejects.toThrow(/configuration\.electronFuses/)
    await expect(builder.validateConfiguration({ ...config, linux: { target: 'AppImage', categroy: 'Development' } }, quietDebug)).rejects.toThrow(/configuration\.linux/)
    await expect(builder.validateConfiguration({ ...config, appID: APP_ID }, quietDebug)).rejects.toThrow(/appID/)
  })

  it('names the app as the app names itself, targets AppImage, deb, dmg and nsis, and sets the fuses of a packaged app', async () => {
    const config = await builderConfigModule().getConfig(REPO, null, null)
    expect(config).toMatchObject({
      appId: APP_ID,
      productName: PRODUCT_NAME,
      icon: 'build/icon.png',
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: 'dmg' },
      win: { target: 'nsis' },
      electronFuses: {
        runAsNode: false,
        enableCookieEncryption: true,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true
      }
    })
    // getConfig turns the list into one filter.
    expect(config.files).toEqual([{ filter: expect.arrayContaining(['out/**', 'package.json', 'README.md']) }])
  })
})
