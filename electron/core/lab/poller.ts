import { LabError } from '../../../shared/api';
import { msg } from '../../../shared/message';
import type { SourceKind, SourceMeta } from '../../../shared/snapshot';
import type { Check } from '../../../shared/status';
import { raceAbort } from '../abort';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { pollModeFor, type PollFlags, type PollMode } from './poll-mode';
import type { AnySource, Source, SourceDataMap } from './source';

/** What the snapshot reads of one source: the last good data (null until the first) and its freshness. */
export interface SourceEntry<K extends SourceKind = SourceKind> {
  readonly source: Source<K>;
  readonly data: SourceDataMap[K] | null;
  readonly meta: SourceMeta;
}

/** Data and freshness a new source starts from (the cached snapshot's, or the same source's before a config change). */
export interface Seed {
  data: SourceDataMap[SourceKind] | null;
  meta: SourceMeta;
}

interface SourceState extends SourceEntry {
  data: SourceDataMap[SourceKind] | null;
  meta: SourceMeta;
  inFlight: AbortController | null;
  /** The running poll, so callers can wait for it instead of starting another. */
  pending: Promise<void> | null;
  /** A refresh was asked for while a poll ran: poll again when it ends (its answer may predate the change). */
  rerun: boolean;
  timer: unknown;
  failures: number;
  stopWatch: (() => void) | null;
  watching: boolean;
  /** Polled at least once since start: until then a mode change must not push the first poll back by a whole interval. */
  polled: boolean;
  /** The checks last derived from `data`: a push from one source must not re-check every other source. */
  checked?: { data: unknown; at: string; error: string | null; checks: Check[] };
}

export interface PollerOptions {
  clock: Clock;
  log: Logger;
  /** How much longer intervals get while the window is hidden. */
  slowFactor?: number;
  /** Something a snapshot shows changed (data, an error, the mode). */
  changed(): void;
}

const MAX_BACKOFF_MS = 5 * 60_000;
/** How much further a watched source's safety-net poll is stretched while the window is hidden. */
const WATCHED_HIDDEN_FACTOR = 3;

/**
 * When each source runs: one poll at a time per source, each with a timeout,
 * backoff after failures, intervals stretched while nobody looks, watches
 * turning polls into a safety net, nothing while paused.
 */
export class Poller {
  private states = new Map<string, SourceState>();
  private mode: PollMode = 'fast';
  /** Until a shell says otherwise, someone is looking (the CLI, the preview before its page reports). */
  private flags: PollFlags = { userPaused: false, sleeping: false, windowVisible: true, quiet: false };
  /** Between the Lab's start (or first pollOnce) and stop: only then do timers run and watches count. */
  private active = false;

  constructor(private readonly opts: PollerOptions) {}

  get entries(): readonly SourceEntry[] {
    return [...this.states.values()];
  }

  get size(): number {
    return this.states.size;
  }

  get pollMode(): PollMode {
    return this.mode;
  }

  get pollFlags(): Readonly<PollFlags> {
    return this.flags;
  }

  /** The last data and freshness of every source, by id (kept across a config change). */
  seeds(): Map<string, Seed> {
    return new Map([...this.states].map(([id, st]) => [id, { data: st.data, meta: st.meta }]));
  }

  activate(): void {
    this.active = true;
  }

  /** Stops every timer, poll and watch; the sources stay listed (the last snapshot still shows them). */
  deactivate(): void {
    this.active = false;
    this.halt(this.states.values());
  }

  /**
   * Replaces the sources: the old ones stop at once; the new ones start from
   * their seed and their watches start. Returns the ids refused as duplicates.
   */
  replace(sources: readonly AnySource[], seed: (source: AnySource) => Seed | undefined): string[] {
    this.halt(this.states.values());
    const next = new Map<string, SourceState>();
    const duplicates: string[] = [];
    for (const source of sources) {
      if (next.has(source.id)) {
        duplicates.push(source.id);
        continue;
      }
      next.set(source.id, this.stateFor(source, seed(source)));
    }
    this.states = next;
    for (const st of next.values()) this.startWatch(st);
    return duplicates;
  }

  /** Polls every source now and keeps polling on its interval. */
  scheduleAll(): void {
    for (const st of this.states.values()) this.schedule(st, 0);
  }

  /** Polls every source once and resolves when all have answered. */
  async pollAll(): Promise<void> {
    await Promise.all([...this.states.values()].map((st) => this.poll(st, false)));
  }

  /** Poll everything now (resume from sleep, network change, the user's refresh). */
  refreshAll(): void {
    for (const st of this.states.values()) this.refreshState(st);
  }

  refresh(id: string): void {
    const st = this.states.get(id);
    if (st) this.refreshState(st);
  }

  /** The shells report what they know; the mode follows (poll-mode.ts decides). */
  setFlags(flags: Partial<PollFlags>): void {
    this.flags = { ...this.flags, ...flags };
    this.setMode(pollModeFor(this.flags));
  }

  /** Checks of a source's data, derived again only when the data, its time or the source's error changed. */
  checksOf(entry: SourceEntry, at: string): Check[] {
    const st = this.states.get(entry.source.id);
    if (!st || st !== entry || st.data === null) return [];
    const memo = st.checked;
    // A source's own state (an API problem it noted) reaches the Lab as an error, so the error is part of the key.
    const error = st.meta.error;
    if (memo && memo.data === st.data && memo.at === at && memo.error === error) return memo.checks;
    const checks = this.judge(st, at);
    st.checked = { data: st.data, at, error, checks };
    return checks;
  }

  /** A source whose rules throw is shown as one critical check; the rest of the lab keeps its checks. */
  private judge(st: SourceState, at: string): Check[] {
    try {
      return st.source.checks(st.data as never, at);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.opts.log.error(`${st.source.id}: judging its data failed: ${err instanceof Error && err.stack ? err.stack : error}`);
      return [{ id: `${st.source.id}:internal`, source: st.source.id, target: st.source.id, status: 'crit', ...msg('lab.internalError', { source: st.source.name, error }), observedAt: at, error }];
    }
  }

  private stateFor(source: AnySource, seed: Seed | undefined): SourceState {
    const meta: SourceMeta = seed?.meta ?? { id: source.id, kind: source.kind, name: source.name, updatedAt: null, lastAttemptAt: null, stale: false, error: null, latencyMs: null };
    return { source, data: seed?.data ?? null, meta, failures: 0, inFlight: null, pending: null, rerun: false, polled: false, timer: null, stopWatch: null, watching: false };
  }

  private halt(states: Iterable<SourceState>): void {
    for (const st of states) {
      this.opts.clock.clearTimeout(st.timer);
      st.timer = null;
      st.inFlight?.abort(new LabError('stopped', 'stopped'));
      st.stopWatch?.();
      st.stopWatch = null;
    }
  }

  /** Window open: fast; hidden: slow; sleep or user pause: paused. */
  private setMode(mode: PollMode): void {
    if (mode === this.mode) return;
    const wasPaused = this.mode === 'paused';
    this.mode = mode;
    if (!this.active) return;
    for (const st of this.states.values()) {
      this.opts.clock.clearTimeout(st.timer);
      st.timer = null;
      if (mode !== 'paused') this.schedule(st, wasPaused || !st.polled ? 0 : this.interval(st));
      else st.inFlight?.abort(new Error('paused'));
    }
    this.opts.changed();
  }

  private startWatch(st: SourceState): void {
    const { source } = st;
    if (!source.watch) return;
    // A watch may still deliver after a stop or a config change; such late news belongs to no live source.
    const live = (): boolean => this.active && this.states.get(source.id) === st;
    st.stopWatch = source.watch(
      (data) => {
        if (!live()) return;
        st.watching = true;
        this.accept(st, data, null);
      },
      (err) => {
        if (!live()) return;
        st.watching = false;
        this.reject(st, err);
      },
    );
  }

  private interval(st: SourceState): number {
    const base = st.source.intervalMs;
    const factor = this.opts.slowFactor ?? 6;
    if (st.failures > 0) return Math.min(base * 2 ** Math.min(st.failures, 8), MAX_BACKOFF_MS) * (this.mode === 'slow' ? 2 : 1);
    // A live watch turns the poll into a safety net; with the window hidden as well, a looser one.
    if (st.watching) return base * factor * (this.mode === 'slow' ? WATCHED_HIDDEN_FACTOR : 1);
    return base * (this.mode === 'slow' ? factor : 1);
  }

  private schedule(st: SourceState, delay: number): void {
    if (!this.active || this.mode === 'paused') return;
    this.opts.clock.clearTimeout(st.timer);
    st.timer = this.opts.clock.setTimeout(() => {
      st.timer = null;
      void this.poll(st, true);
    }, delay);
  }

  private refreshState(st: SourceState): void {
    // Stopped: the sources are closed, and a refresh must not open their connections again.
    if (!this.active) return;
    if (st.inFlight) {
      st.rerun = true;
      return;
    }
    this.opts.clock.clearTimeout(st.timer);
    void this.poll(st, true);
  }

  private poll(st: SourceState, reschedule: boolean): Promise<void> {
    if (st.pending) return st.pending;
    const p = this.pollNow(st, reschedule).finally(() => {
      if (st.pending === p) st.pending = null;
      if (st.rerun && this.states.get(st.source.id) === st && this.active && this.mode !== 'paused') {
        st.rerun = false;
        this.opts.clock.clearTimeout(st.timer);
        void this.poll(st, true);
      }
    });
    st.pending = p;
    return p;
  }

  private async pollNow(st: SourceState, reschedule: boolean): Promise<void> {
    const { clock } = this.opts;
    const ac = new AbortController();
    st.inFlight = ac;
    st.polled = true;
    const started = clock.now();
    const timeout = clock.setTimeout(() => ac.abort(new LabError('timeout', `no answer within ${st.source.timeoutMs / 1000} s`)), st.source.timeoutMs);
    try {
      const relax = this.mode === 'slow' ? (this.opts.slowFactor ?? 6) : 1;
      const data = await raceAbort(st.source.poll({ signal: ac.signal, relax }), ac.signal);
      this.accept(st, data, clock.now() - started);
    } catch (err) {
      this.reject(st, err instanceof Error ? err : new Error(String(err)));
    } finally {
      clock.clearTimeout(timeout);
      if (st.inFlight === ac) st.inFlight = null;
      if (reschedule && this.states.get(st.source.id) === st) this.schedule(st, this.interval(st));
    }
  }

  private accept(st: SourceState, data: SourceDataMap[SourceKind], latencyMs: number | null): void {
    const now = new Date(this.opts.clock.now()).toISOString();
    st.data = data;
    st.failures = 0;
    st.meta = { ...st.meta, updatedAt: now, lastAttemptAt: now, stale: false, error: null, latencyMs: latencyMs ?? st.meta.latencyMs };
    this.opts.changed();
  }

  private reject(st: SourceState, err: Error): void {
    const now = new Date(this.opts.clock.now()).toISOString();
    st.failures += 1;
    st.meta = { ...st.meta, lastAttemptAt: now, stale: st.data !== null, error: err.message };
    this.opts.log.warn(`${st.source.id}: ${err.message}`);
    this.opts.changed();
  }
}
