import type { LabEventName, LabEvents } from '../../../shared/api-contract';
import type { Logger } from '../logger';

type Listeners = { [E in LabEventName]: Set<(payload: LabEvents[E]) => void> };

/** The Lab's events (snapshot, task, notice): a listener that throws is logged and never stops the others. */
export class LabEventHub {
  private readonly listeners: Listeners = { snapshot: new Set(), task: new Set(), notice: new Set() };

  constructor(private readonly log: Logger) {}

  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
    const set: Set<(payload: LabEvents[E]) => void> = this.listeners[event];
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void {
    const set: Set<(payload: LabEvents[E]) => void> = this.listeners[event];
    for (const l of set) {
      try {
        l(payload);
      } catch (err) {
        this.log.error(`listener for ${event} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
