import { LabError, parseInput, type LabEventName, type LabEvents, type LabInput, type LabMethod, type LabResults, type SettingsView } from '../../shared/api';
import type { LabConfig } from '../../shared/config';
import type { HostState } from '../../shared/hosts';
import type { KubeCluster } from '../../shared/kube';
import type { ProxmoxCluster } from '../../shared/proxmox';
import { defaultPrefs, type Snapshot, type SourceMeta, type UserPrefs } from '../../shared/snapshot';
import { worst, type Check } from '../../shared/status';
import { msg } from '../../shared/message';
import type { LocationState, TailscaleStatus } from '../../shared/tailscale';
import type { TaskInfo } from '../../shared/tasks';
import { raceAbort } from './abort';
import { systemClock, type Clock } from './clock';
import { lockedChanges } from './config/locked';
import type { ActionHandlers, Integration, IntegrationContext, IntegrationFactory, Logger } from './integration';
import type { SecretStore } from './secrets';
import { defaultSshConfigPath, sshConfigHosts } from './ssh/import-hosts';
import type { AnySource, SourceDataMap } from './source';
import { TaskRunner } from './tasks';
import { pollModeFor, type PollFlags, type PollMode } from './poll-mode';

export type { PollFlags, PollMode };


export interface LabOptions {
  config: LabConfig;
  factories: IntegrationFactory[];
  secrets: SecretStore;
  clock?: Clock;
  log?: Logger;
  demo?: boolean;
  /** Persists config changes (trust a fingerprint, Settings). Absent: changes stay in memory. */
  saveConfig?: (c: LabConfig) => Promise<void>;
  configPath?: string | null;
  /** The ssh config offered for import in Settings; default ~/.ssh/config (the demo points at its own). */
  sshConfigPath?: string;
  /** How much longer intervals get while the window is hidden. */
  slowFactor?: number;
  /** Snapshot cache: shown at start before the first live read. */
  cache?: { load(): Snapshot | null; save(s: Snapshot): void };
}

interface SourceState {
  source: AnySource;
  data: SourceDataMap[keyof SourceDataMap] | null;
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

const MAX_BACKOFF_MS = 5 * 60_000;
/** How much further a watched source's safety-net poll is stretched while the window is hidden. */
const WATCHED_HIDDEN_FACTOR = 3;
const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Listener = (payload: never) => void;

/**
 * Owns the integrations and their sources, schedules polls (timeout, backoff,
 * no overlap), merges results into immutable Snapshots and runs actions.
 */
export class Lab {
  private config: LabConfig;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly secrets: SecretStore;
  private readonly listeners = new Map<LabEventName, Set<Listener>>();
  private integrations: Integration[] = [];
  private states = new Map<string, SourceState>();
  private snapshotValue: Snapshot;
  private version = 0;
  private mode: PollMode = 'fast';
  /** Until a shell says otherwise, someone is looking (the CLI, the preview before its page reports). */
  private flags: PollFlags = { userPaused: false, sleeping: false, windowVisible: true, quiet: false };
  private started = false;
  private publishQueued = false;
  private configProblem: string | null = null;
  private lastPrefs: UserPrefs | null = null;
  readonly tasks: TaskRunner;

  constructor(private readonly opts: LabOptions) {
    this.config = opts.config;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLog;
    this.secrets = opts.secrets;
    this.tasks = new TaskRunner(
      this.clock,
      (t) => {
        this.emit('task', t);
        this.queuePublish();
      },
      (spec) => {
        if (spec.refreshSource) this.refreshSource(spec.refreshSource);
      },
    );
    const cached = opts.cache?.load() ?? null;
    this.snapshotValue = cached ? Object.freeze({ ...cached, version: 0 }) : this.build();
  }

  get snapshot(): Snapshot {
    return this.snapshotValue;
  }

  get currentConfig(): LabConfig {
    return this.config;
  }

  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  /** Builds integrations from the config and starts polling. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.buildIntegrations();
    this.seedFromCache();
    for (const st of this.states.values()) this.schedule(st, 0);
    this.publish();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.tasks.cancelAll();
    await this.teardown();
  }

  /** Polls every source once and resolves when all have answered (the CLI's `status`). */
  async pollOnce(): Promise<Snapshot> {
    if (!this.started) {
      this.started = true;
      this.buildIntegrations();
    }
    await Promise.all([...this.states.values()].map((st) => this.poll(st, false)));
    this.publish();
    return this.snapshotValue;
  }

  /** The shells report what they know (the window, sleep, quiet mode, the user's pause); the Lab picks the poll mode. */
  setPollFlags(flags: Partial<PollFlags>): void {
    this.flags = { ...this.flags, ...flags };
    this.setMode(pollModeFor(this.flags));
  }

  get pollFlags(): Readonly<PollFlags> {
    return this.flags;
  }

  /** Window open: fast; hidden: slow; sleep or user pause: paused. */
  private setMode(mode: PollMode): void {
    if (mode === this.mode) return;
    const wasPaused = this.mode === 'paused';
    this.mode = mode;
    if (!this.started) return;
    for (const st of this.states.values()) {
      this.clock.clearTimeout(st.timer);
      st.timer = null;
      if (mode !== 'paused') this.schedule(st, wasPaused || !st.polled ? 0 : this.interval(st));
      else st.inFlight?.abort(new Error('paused'));
    }
    this.queuePublish();
  }

  get pollMode(): PollMode {
    return this.mode;
  }

  /** Poll everything now (resume from sleep, network change, the user's refresh). */
  refreshAll(): void {
    for (const st of this.states.values()) this.refreshState(st);
  }

  refreshSource(id: string): void {
    const st = this.states.get(id);
    if (st) this.refreshState(st);
  }

  /** The config on disk cannot be used (the Lab keeps running on the last good one); null clears it. */
  setConfigProblem(message: string | null): void {
    if (message === this.configProblem) return;
    this.configProblem = message;
    if (message) this.emit('notice', { id: `config:${this.clock.now()}`, level: 'warn', title: 'Config not applied', body: message, at: new Date(this.clock.now()).toISOString() });
    this.queuePublish();
  }

  /** Replaces the config: integrations are rebuilt, last data kept by source id. */
  async applyConfig(config: LabConfig): Promise<void> {
    const before = this.config;
    this.config = config;
    if (!this.started) return;
    // Preferences (favourites, language, quiet hours…) change what the shells show, not what the Lab reads.
    if (JSON.stringify({ ...before, ui: null }) === JSON.stringify({ ...config, ui: null })) {
      this.publish();
      return;
    }
    const keep = new Map([...this.states].map(([id, st]) => [id, { data: st.data, meta: st.meta }]));
    await this.teardown();
    this.buildIntegrations();
    for (const st of this.states.values()) {
      const old = keep.get(st.source.id);
      if (old) {
        st.data = old.data;
        st.meta = old.meta;
      }
      this.schedule(st, 0);
    }
    this.publish();
  }

  /** Every LabApi method, validated, routed and answered. */
  async invoke<M extends LabMethod>(method: M, rawInput: unknown): Promise<LabResults[M]> {
    const input = parseInput(method, rawInput) as LabInput<M>;
    return (await this.dispatch(method, input)) as LabResults[M];
  }

  private async dispatch(method: LabMethod, input: unknown): Promise<unknown> {
    switch (method) {
      case 'getSnapshot':
        return this.snapshotValue;
      case 'refresh':
        this.refreshAll();
        return null;
      case 'setPaused':
        this.setPollFlags({ userPaused: (input as LabInput<'setPaused'>).paused });
        return null;
      case 'setWindowVisible':
        this.setPollFlags({ windowVisible: (input as LabInput<'setWindowVisible'>).visible });
        return null;
      case 'getSettings':
        return this.settingsView();
      case 'saveSettings': {
        const { config, secrets } = input as LabInput<'saveSettings'>;
        const locked = lockedChanges(this.config, config as LabConfig);
        if (locked.length) {
          throw new LabError('invalid-input', `saveSettings: ${locked.join(', ')} can be changed only by editing the config file${this.opts.configPath ? ` (${this.opts.configPath})` : ''}: ${locked.length > 1 ? 'they name' : 'it names'} what LabTray runs`);
        }
        if (secrets) {
          const set = this.secrets.set?.bind(this.secrets);
          if (!set) throw new LabError('unsupported', 'this shell cannot store secrets (the CLI reads them from LABTRAY_SECRET_* variables)');
          for (const [name, value] of Object.entries(secrets)) await set(name, value);
        }
        await this.opts.saveConfig?.(config as LabConfig);
        await this.applyConfig(config as LabConfig);
        return this.settingsView();
      }
      case 'savePrefs': {
        const next = structuredClone(this.config);
        next.ui = { ...next.ui, ...(input as LabInput<'savePrefs'>) };
        await this.opts.saveConfig?.(next);
        await this.applyConfig(next);
        return null;
      }
      case 'sshConfigHosts':
        return sshConfigHosts(this.opts.sshConfigPath ?? defaultSshConfigPath(), this.config);
      case 'testConnection': {
        const kind = (input as LabInput<'testConnection'>).kind;
        const integ = this.integrations.find((i) => i.kind === kind && i.actions?.testConnection);
        if (!integ?.actions?.testConnection) throw new LabError('unsupported', `no ${kind} connection named "${(input as LabInput<'testConnection'>).name}" is configured`);
        return integ.actions.testConnection(input as LabInput<'testConnection'>);
      }
      default: {
        const handler = this.handler(method as keyof ActionHandlers);
        return (handler as (i: unknown) => Promise<unknown>)(input);
      }
    }
  }

  private handler<K extends keyof ActionHandlers>(name: K): ActionHandlers[K] {
    for (const i of this.integrations) {
      const h = i.actions?.[name];
      if (h) return h;
    }
    throw new LabError('unsupported', `${name}: nothing in the config can do this`);
  }

  private async settingsView(): Promise<SettingsView> {
    const refs = new Set<string>();
    JSON.stringify(this.config, (_k, v: unknown) => {
      if (typeof v === 'string' && v.startsWith('secret:')) refs.add(v.slice(7));
      return v;
    });
    const secrets = await Promise.all([...refs].sort().map(async (name) => ({ name, stored: await this.secrets.has(name) })));
    return { config: this.config, path: this.opts.configPath ?? null, secrets };
  }

  private context(): IntegrationContext {
    return {
      config: this.config,
      clock: this.clock,
      secrets: this.secrets,
      tasks: this.tasks,
      log: this.log,
      services: {},
      snapshot: () => this.snapshotValue,
      refreshSource: (id) => this.refreshSource(id),
      updateConfig: async (mutate) => {
        const next = mutate(structuredClone(this.config));
        await this.opts.saveConfig?.(next);
        await this.applyConfig(next);
      },
    };
  }

  private buildIntegrations(): void {
    const ctx = this.context();
    ctx.services = {};
    this.integrations = [];
    this.states = new Map();
    for (const f of this.opts.factories) {
      const integ = f(ctx);
      if (!integ) continue;
      this.integrations.push(integ);
      for (const source of integ.sources) {
        if (this.states.has(source.id)) throw new LabError('config', `two sources are named "${source.id}"; names must be unique`);
        this.states.set(source.id, {
          source,
          data: null,
          failures: 0,
          inFlight: null,
          pending: null,
          rerun: false,
          polled: false,
          timer: null,
          stopWatch: null,
          watching: false,
          meta: { id: source.id, kind: source.kind, name: source.name, updatedAt: null, lastAttemptAt: null, stale: false, error: null, latencyMs: null },
        });
      }
    }
    for (const st of this.states.values()) this.startWatch(st);
  }

  /** Until a source answers, it shows what the cached snapshot had for it (marked stale), not its placeholder. */
  private seedFromCache(): void {
    const cached = this.snapshotValue;
    if (cached.version !== 0) return;
    for (const st of this.states.values()) {
      const { source } = st;
      const meta = cached.sources.find((m) => m.id === source.id);
      if (!meta) continue;
      let data: SourceDataMap[keyof SourceDataMap] | null | undefined = null;
      if (source.kind === 'proxmox') data = cached.proxmox.find((c) => c.name === source.name);
      else if (source.kind === 'kubernetes') data = cached.kubernetes.find((k) => k.context === source.name);
      else if (source.kind === 'host') data = cached.hosts.find((h) => h.name === source.name && h.via !== 'metrics');
      else if (source.kind === 'tailscale') data = cached.tailscale;
      else if (source.kind === 'location') data = cached.location;
      if (!data) continue;
      st.data = data;
      st.meta = { ...meta, stale: true };
    }
  }

  private async teardown(): Promise<void> {
    for (const st of this.states.values()) {
      this.clock.clearTimeout(st.timer);
      st.inFlight?.abort(new Error('stopped'));
      st.stopWatch?.();
    }
    const old = this.integrations;
    this.integrations = [];
    await Promise.allSettled(old.map(async (i) => {
      await Promise.allSettled(i.sources.map(async (s) => s.dispose?.()));
      await i.dispose?.();
    }));
  }

  private startWatch(st: SourceState): void {
    const { source } = st;
    if (!source.watch) return;
    // A watch may still deliver after teardown; such late news belongs to no live source.
    const live = (): boolean => this.started && this.states.get(source.id) === st;
    const push = (data: SourceDataMap[keyof SourceDataMap]): void => {
      if (!live()) return;
      st.watching = true;
      this.accept(st, data, null);
    };
    const fail = (err: Error): void => {
      if (!live()) return;
      st.watching = false;
      this.reject(st, err);
    };
    st.stopWatch = (source.watch as (p: typeof push, f: typeof fail) => () => void)(push, fail);
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
    if (!this.started || this.mode === 'paused') return;
    this.clock.clearTimeout(st.timer);
    st.timer = this.clock.setTimeout(() => {
      st.timer = null;
      void this.poll(st, true);
    }, delay);
  }

  private refreshState(st: SourceState): void {
    if (st.inFlight) {
      st.rerun = true;
      return;
    }
    this.clock.clearTimeout(st.timer);
    void this.poll(st, true);
  }

  private poll(st: SourceState, reschedule: boolean): Promise<void> {
    if (st.pending) return st.pending;
    const p = this.pollNow(st, reschedule).finally(() => {
      if (st.pending === p) st.pending = null;
      if (st.rerun && this.states.get(st.source.id) === st && this.started && this.mode !== 'paused') {
        st.rerun = false;
        this.clock.clearTimeout(st.timer);
        void this.poll(st, true);
      }
    });
    st.pending = p;
    return p;
  }

  private async pollNow(st: SourceState, reschedule: boolean): Promise<void> {
    const ac = new AbortController();
    st.inFlight = ac;
    st.polled = true;
    const started = this.clock.now();
    const timeout = this.clock.setTimeout(() => ac.abort(new LabError('timeout', `no answer within ${st.source.timeoutMs / 1000} s`)), st.source.timeoutMs);
    try {
      const relax = this.mode === 'slow' ? (this.opts.slowFactor ?? 6) : 1;
      const data = await raceAbort(st.source.poll({ signal: ac.signal, relax }) as Promise<SourceDataMap[keyof SourceDataMap]>, ac.signal);
      this.accept(st, data, this.clock.now() - started);
    } catch (err) {
      this.reject(st, err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.clock.clearTimeout(timeout);
      if (st.inFlight === ac) st.inFlight = null;
      if (reschedule && this.states.get(st.source.id) === st) this.schedule(st, this.interval(st));
    }
  }

  private accept(st: SourceState, data: SourceDataMap[keyof SourceDataMap], latencyMs: number | null): void {
    const now = new Date(this.clock.now()).toISOString();
    st.data = data;
    st.failures = 0;
    st.meta = { ...st.meta, updatedAt: now, lastAttemptAt: now, stale: false, error: null, latencyMs: latencyMs ?? st.meta.latencyMs };
    this.queuePublish();
  }

  private reject(st: SourceState, err: Error): void {
    const now = new Date(this.clock.now()).toISOString();
    st.failures += 1;
    st.meta = { ...st.meta, lastAttemptAt: now, stale: st.data !== null, error: err.message };
    this.log.warn(`${st.source.id}: ${err.message}`);
    this.queuePublish();
  }

  /** Coalesces the changes of one tick into one snapshot. */
  private queuePublish(): void {
    if (this.publishQueued) return;
    this.publishQueued = true;
    queueMicrotask(() => {
      this.publishQueued = false;
      this.publish();
    });
  }

  private publish(): void {
    this.snapshotValue = this.build();
    this.opts.cache?.save(this.snapshotValue);
    this.emit('snapshot', this.snapshotValue);
  }

  /** Checks of a source's data, derived again only when the data or its time changed. */
  private checksOf(st: SourceState, data: unknown, at: string): Check[] {
    const memo = st.checked;
    // A source's own state (an API problem it noted) reaches the Lab as an error, so the error is part of the key.
    const error = st.meta.error;
    if (memo && memo.data === data && memo.at === at && memo.error === error) return memo.checks;
    const checks = (st.source.checks as (d: unknown, at: string) => Check[])(data, at);
    st.checked = { data, at, error, checks };
    return checks;
  }

  private build(): Snapshot {
    const now = this.clock.now();
    const iso = new Date(now).toISOString();
    const checks: Check[] = [];
    if (this.configProblem) {
      checks.push({ id: 'config:file', source: 'config', target: 'config', status: 'warn', ...msg('lab.configNotApplied', { error: this.configProblem }), observedAt: iso, error: this.configProblem });
    }
    const proxmox: ProxmoxCluster[] = [];
    const kubernetes: KubeCluster[] = [];
    const hosts: HostState[] = [];
    let tailscale: TailscaleStatus | null = null;
    let location: LocationState | null = null;
    const metricsHosts: HostState[] = [];
    for (const st of this.states.values()) {
      const { source } = st;
      const data = st.data ?? source.placeholder();
      if (st.data !== null) checks.push(...this.checksOf(st, st.data, st.meta.updatedAt ?? iso));
      if (st.meta.error) {
        checks.push({
          id: `${source.id}:source`,
          source: source.id,
          target: source.id,
          status: st.data === null ? 'crit' : 'warn',
          ...msg(st.data === null ? 'lab.cannotRead' : 'lab.stale', { source: source.name, error: st.meta.error }),
          observedAt: st.meta.lastAttemptAt ?? iso,
          error: st.meta.error,
        });
      }
      switch (source.kind) {
        case 'proxmox':
          proxmox.push(data as ProxmoxCluster);
          break;
        case 'kubernetes':
          kubernetes.push(data as KubeCluster);
          break;
        case 'host':
          hosts.push(data as HostState);
          break;
        case 'metrics':
          metricsHosts.push(...(data as HostState[]));
          break;
        case 'tailscale':
          tailscale = data as TailscaleStatus;
          break;
        case 'location':
          location = data as LocationState;
          break;
      }
    }
    // Metrics fill in hosts that SSH does not cover, and add figures where SSH is down.
    for (const m of metricsHosts) {
      const i = hosts.findIndex((h) => h.name === m.name);
      if (i < 0) hosts.push(m);
      else if (!hosts[i].reachable) hosts[i] = { ...m, checks: [...hosts[i].checks, ...m.checks] };
    }
    // Where SSH reaches a host, its own probes speak for it: the metrics copy of the same findings is dropped.
    const sshReached = new Set(hosts.filter((h) => h.reachable && h.via === 'ssh').map((h) => `host:${h.name}`));
    const shown = sshReached.size ? checks.filter((c) => !(c.source === 'metrics' && c.target !== undefined && sshReached.has(c.target))) : checks;
    const tasks: TaskInfo[] = this.tasks.list();
    return Object.freeze({
      version: ++this.version,
      takenAt: iso,
      demo: this.opts.demo ?? false,
      status: shown.length ? worst(shown.map((c) => c.status)) : this.states.size ? 'unknown' : 'ok',
      sources: [...this.states.values()].map((s) => s.meta),
      checks: shown,
      proxmox,
      tailscale,
      kubernetes,
      hosts,
      tasks,
      location,
      paused: this.mode === 'paused',
      prefs: this.prefs(),
    });
  }

  /** The snapshot's prefs, the same object while the config's choices are unchanged. */
  private prefs(): UserPrefs {
    const ui = this.config.ui;
    const favourites = ui?.favourites ?? defaultPrefs.favourites;
    const language = ui?.language ?? defaultPrefs.language;
    const theme = ui?.theme ?? defaultPrefs.theme;
    const last = this.lastPrefs;
    if (last && last.favourites === favourites && last.language === language && last.theme === theme) return last;
    return (this.lastPrefs = Object.freeze({ favourites, language, theme }));
  }

  private emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        (l as (p: LabEvents[E]) => void)(payload);
      } catch (err) {
        this.log.error(`listener for ${event} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
