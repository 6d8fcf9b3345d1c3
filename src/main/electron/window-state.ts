import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

/** What window placement needs of Electron's `screen`. */
export interface DisplayScreen {
  getAllDisplays(): { workArea: Rectangle }[]
  getDisplayMatching(rect: Rectangle): { workArea: Rectangle }
}

export const MIN_WIDTH = 640
export const MIN_HEIGHT = 480
/** How much of a window must lie on a display for it to count as visible there (enough to grab its title bar). */
const VISIBLE_WIDTH = 120
const VISIBLE_HEIGHT = 48

const dimension = z.number().int().min(1).max(100_000)
const coordinate = z.number().int().min(-100_000).max(100_000)

/** The remembered placement: bounds when not maximized (x and y absent: centred), and whether it was maximized. */
export const windowStateSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: dimension,
  height: dimension,
  maximized: z.boolean()
})
export type WindowState = z.infer<typeof windowStateSchema>

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1200, height: 820, maximized: false }

/** The state in `file`; the default when it is missing, unreadable or not a window state (told to `warn`). */
export async function loadWindowState(file: string, warn: (message: string) => void): Promise<WindowState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`Ignoring ${file}: ${(error as Error).message}`)
    return DEFAULT_WINDOW_STATE
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    warn(`Ignoring ${file}: not JSON`)
    return DEFAULT_WINDOW_STATE
  }
  const parsed = windowStateSchema.safeParse(json)
  if (!parsed.success) {
    warn(`Ignoring ${file}: not a window state`)
    return DEFAULT_WINDOW_STATE
  }
  return parsed.data
}

/** Writes the state through a temporary file, so a crash mid-write leaves the previous one. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  const checked = windowStateSchema.parse(state)
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.tmp`
  await writeFile(temporary, `${JSON.stringify(checked, null, 2)}\n`)
  await rename(temporary, file)
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  }
}

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(value, high))

/**
 * The state made to fit the displays there are now: a size no larger than the display it is nearest to, and a
 * position left as it is while enough of the window is on some display, else moved onto the nearest one (a
 * monitor unplugged since, a resolution lowered). Without a position it stays centred.
 */
export function fitToDisplays(state: WindowState, screen: DisplayScreen): WindowState {
  const { x, y } = state
  const probe: Rectangle = { x: x ?? 0, y: y ?? 0, width: state.width, height: state.height }
  const area = screen.getDisplayMatching(probe).workArea
  const width = clamp(state.width, Math.min(MIN_WIDTH, area.width), area.width)
  const height = clamp(state.height, Math.min(MIN_HEIGHT, area.height), area.height)
  if (x === undefined || y === undefined) return { width, height, maximized: state.maximized }
  const bounds = { x, y, width, height }
  const visible = screen.getAllDisplays().some(({ workArea }) => {
    const shared = overlap(bounds, workArea)
    return shared.width >= Math.min(VISIBLE_WIDTH, width) && shared.height >= Math.min(VISIBLE_HEIGHT, height)
  })
  if (visible) return { ...bounds, maximized: state.maximized }
  return {
    x: clamp(x, area.x, area.x + area.width - width),
    y: clamp(y, area.y, area.y + area.height - height),
    width,
    height,
    maximized: state.maximized
  }
}

/** What remembering a window's placement needs of a BrowserWindow. */
export interface PlacedWindow {
  getNormalBounds(): Rectangle
  isMaximized(): boolean
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown
}

/**
 * Saves the window's placement to `file` when it closes, and a moment after each move or resize (a crash or a
 * forced quit keeps the last one). Returns a function that saves at once (the last save before quitting).
 */
export function rememberWindowState(window: PlacedWindow, file: string, warn: (message: string) => void, delayMs = 500): () => Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = async (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    const bounds = window.getNormalBounds()
    const state: WindowState = { ...bounds, maximized: window.isMaximized() }
    await saveWindowState(file, state).catch((error: unknown) => warn(`Could not save the window's placement to ${file}: ${(error as Error).message}`))
  }
  const later = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void save(), delayMs)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later)
  window.on('close', () => void save())
  return save
}
