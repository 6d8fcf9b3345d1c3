import type { ApiEvent } from '../../shared/api.contract.ts'

export type ApiEventListener = (event: ApiEvent) => void

/** A tiny fan-out of ApiEvents to every subscriber (the IPC bridge, each SSE stream). */
export class ApiEventHub {
  private readonly listeners = new Set<ApiEventListener>()

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  emit(event: ApiEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event)
      } catch (error) {
        // One broken subscriber (a closed stream) must not stop the others or the operation.
        console.error('An ApiEvent listener failed:', error)
      }
    }
  }

  get size(): number {
    return this.listeners.size
  }
}
