/** What the folder picker needs of Electron's `dialog`. */
export interface FolderDialog<W> {
  showOpenDialog(window: W, options: FolderPickerOptions): Promise<{ canceled: boolean; filePaths: string[] }>
  showOpenDialog(options: FolderPickerOptions): Promise<{ canceled: boolean; filePaths: string[] }>
}

export interface FolderPickerOptions {
  title: string
  properties: 'openDirectory'[]
}

/** The native folder picker for a data directory, over `parent` when there is a window; null when cancelled. */
export function folderPicker<W>(dialog: FolderDialog<W>, parent: () => W | undefined): () => Promise<string | null> {
  return async () => {
    const window = parent()
    const options: FolderPickerOptions = { title: 'Open a Meridian data directory', properties: ['openDirectory'] }
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
    return result.canceled ? null : (result.filePaths[0] ?? null)
  }
}
