import { create } from 'zustand'
import type { ErrorCode, ErrorShape } from '../../../shared/errors.ts'

export interface Banner {
  id: number
  /** What was being done when it failed ("Dry run", "Restore backup_…"); several when they failed the same way. */
  contexts: string[]
  code: ErrorCode
  message: string
  /** The records it is about, as the host named them (ErrorShape.keys): the banner links to each. */
  keys: string[]
  /** Cancellations are expected outcomes: shown, but not as failures. */
  tone: 'error' | 'warning'
}

interface ErrorState {
  banners: Banner[]
  report(context: string, error: ErrorShape): void
  dismiss(id: number): void
  /** Drops a context's banners (a retried action that now succeeds replaces its old error). */
  clearContext(context: string): void
}

let nextId = 1

/** Every coded error the UI meets ends here and is shown as a banner: nothing fails silently. */
export const useErrorStore = create<ErrorState>()((set) => ({
  banners: [],
  report(context, error) {
    set((state) => {
      // The same error from several calls (no token, host gone) is one banner naming every action it stopped.
      const same = state.banners.find((b) => b.code === error.code && b.message === error.message)
      if (same) {
        if (same.contexts.includes(context)) return state
        return { banners: state.banners.map((b) => (b === same ? { ...b, contexts: [...b.contexts, context] } : b)) }
      }
      const banner: Banner = {
        id: nextId++,
        contexts: [context],
        code: error.code,
        message: error.message,
        keys: error.keys ?? [],
        tone: error.code === 'CANCELLED' ? 'warning' : 'error'
      }
      return { banners: [banner, ...state.banners] }
    })
  },
  dismiss(id) {
    set((state) => ({ banners: state.banners.filter((b) => b.id !== id) }))
  },
  clearContext(context) {
    set((state) => {
      if (!state.banners.some((b) => b.contexts.includes(context))) return state
      return {
        banners: state.banners.map((b) => ({ ...b, contexts: b.contexts.filter((c) => c !== context) })).filter((b) => b.contexts.length > 0)
      }
    })
  }
}))
