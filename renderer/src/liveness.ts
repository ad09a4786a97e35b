import type { StoreApi } from 'zustand/vanilla';
import type { LabApi } from '../../shared/api';
import type { LabState } from './store';

/**
 * Whether the window is in touch with the core. The preview's socket says when
 * it closes, but a core that is busy or stopped keeps its socket (and Electron's
 * IPC) open and simply stops answering: a heartbeat tells that apart.
 */

export interface LivenessTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface LivenessOptions {
  /** How often the core is asked. */
  everyMs?: number;
  /** Silence (no answer, no event) longer than this means the core is lost. */
  silentMs?: number;
  now?: () => number;
  timers?: LivenessTimers;
}

/** Pings left waiting before the heartbeat stops adding more (a stopped core answers them all at once when it comes back). */
const MAX_IN_FLIGHT = 3;

/** The window has lost the core: its bridge closed or is reconnecting after it was open, or the core went silent. Never while the first snapshot is still on its way. */
export function coreLost(s: Pick<LabState, 'connection' | 'coreAnswering' | 'lastContactAt'>): boolean {
  if (s.connection === 'none' || s.lastContactAt === null) return false;
  return s.connection === 'closed' || s.connection === 'connecting' || !s.coreAnswering;
}

/**
 * The heartbeat: asks the core every `everyMs`; silence past `silentMs` marks it
 * lost, any answer marks it back, and a snapshot missed meanwhile (the answer
 * names a newer version) is fetched. Returns the function that stops it.
 */
export function watchCore(api: LabApi, store: StoreApi<LabState>, opts: LivenessOptions = {}): () => void {
  const everyMs = opts.everyMs ?? 3_000;
  const silentMs = opts.silentMs ?? 8_000;
  const now = opts.now ?? (() => Date.now());
  const timers: LivenessTimers = opts.timers ?? { setInterval: (fn, ms) => setInterval(fn, ms), clearInterval: (h) => clearInterval(h as number) };
  // When each unanswered ping left: silence is judged from the oldest, so a timer the browser slowed down (a hidden window) is not taken for a lost core.
  let waiting: number[] = [];
  let fetching = false;

  const catchUp = (): void => {
    if (fetching) return;
    fetching = true;
    api
      .getSnapshot(undefined)
      .then(
        (snap) => {
          store.getState().markContact(now());
          store.getState().setSnapshot(snap);
        },
        (err: unknown) => console.warn('labtray: cannot read the snapshot after reconnecting', err),
      )
      .finally(() => (fetching = false));
  };

  const tick = (): void => {
    const s = store.getState();
    const oldest = waiting[0];
    if (oldest !== undefined && now() - oldest > silentMs && (s.lastContactAt ?? 0) < oldest) s.setCoreAnswering(false);
    if (waiting.length >= MAX_IN_FLIGHT) return;
    const sentAt = now();
    waiting.push(sentAt);
    api.ping(undefined).then(
      ({ version }) => {
        waiting = waiting.filter((t) => t > sentAt);
        store.getState().markContact(now());
        if (version !== store.getState().snapshot.version) catchUp();
      },
      // A refused or timed-out ping says nothing the silence does not: it is dropped, and the next one asks again.
      () => {
        waiting = waiting.filter((t) => t !== sentAt);
      },
    );
  };

  const handle = timers.setInterval(tick, everyMs);
  return () => timers.clearInterval(handle);
}
