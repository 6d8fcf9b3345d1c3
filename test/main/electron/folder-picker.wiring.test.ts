import { describe, expect, it } from 'vitest'
import { folderPicker, type FolderPickerOptions } from '../../../src/main/electron/folder-picker.ts'

// Wiring test: the real picker over a stand-in for Electron's dialog, which answers as a person would.

class StandInOpenDialog {
  readonly shown: { parent: string | undefined; options: FolderPickerOptions }[] = []
  constructor(private readonly answer: { canceled: boolean; filePaths: string[] }) {}

  showOpenDialog(parent: string, options: FolderPickerOptions): Promise<{ canceled: boolean; filePaths: string[] }>
  showOpenDialog(options: FolderPickerOptions): Promise<{ canceled: boolean; filePaths: string[] }>
  async showOpenDialog(first: string | FolderPickerOptions, second?: FolderPickerOptions): Promise<{ canceled: boolean; filePaths: string[] }> {
    if (typeof first === 'string') this.shown.push({ parent: first, options: second as FolderPickerOptions })
    else this.shown.push({ parent: undefined, options: first })
    return this.answer
  }
}

describe('File → Open data directory… picker (wiring)', () => {
  it('asks for a folder over the window and answers the one chosen', async () => {
    const dialog = new StandInOpenDialog({ canceled: false, filePaths: ['/data/main'] })
    expect(await folderPicker(dialog, () => 'main window')()).toBe('/data/main')
    expect(dialog.shown).toEqual([{ parent: 'main window', options: { title: 'Open a Meridian data directory', properties: ['openDirectory'] } }])
  })

  it('answers null when cancelled, and asks without a parent when there is no window', async () => {
    const dialog = new StandInOpenDialog({ canceled: true, filePaths: [] })
    expect(await folderPicker<string>(dialog, () => undefined)()).toBeNull()
    expect(dialog.shown[0]?.parent).toBeUndefined()
  })
})
