import { LabError, parseInput, type LabEventName, type LabEvents, type LabMethod, type LabResults } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { defaultPrefs, type Snapshot, type UserPrefs } from '../../../shared/snapshot';
import { msg } from '../../../shared/message';
import type { WakeConfig } from '../../../shared/wake-targets';
import { systemClock, type Clock } from '../clock';
import { silentLog, type Logger } from '../logger';
import type { SecretStore } from '../secrets';
import { TaskRunner } from '../tasks';
import { buildIntegrations, disposeIntegrations } from './build';
import { LabEventHub } from './events';
import { labHandlers, type LogFolder } from './handlers';
import type { Integration, IntegrationContext, IntegrationFactory, LabHandlers } from './integration';
import type { PollFlags, PollMode } from './poll-mode';
import { Poller, type Seed } from './poller';
import { buildSnapshot, cachedSeed, type LabProblem } from './snapshot';
import type { AnySource } from './source';

export type { PollFlags, PollMode };

/** The window's first-run choice, answered by the shell that opened the Lab. */
export type FirstRunHandler = (choice: 'demo' | 'setup') => Promise<void>;

export interface LabOptions {
  config: LabConfig;
  /** What to build integrations from: the registry in the shells, a few definitions in tests. */
  factories: readonly IntegrationFactory[];
  secrets: SecretStore;
  clock?: Clock;
  log?: Logger;
  demo?: boolean;
  /** The demo runs because no config exists yet (the tray says the lab is not set up). */
  notSetUp?: boolean;
  /** First run: the window shows its welcome (the demo, or set up my lab) until the user chooses. */
  welcome?: boolean;
  /** Persists config changes (trust a fingerprint, Settings). Absent: changes stay in memory. */
  saveConfig?: (c: LabConfig) => Promise<void>;
  configPath?: string | null;
  /** The ssh config offered for import in Settings; default ~/.ssh/config (the demo points at its own). */
  sshConfigPath?: string;
  /** How much longer intervals get while the window is hidden. */
  slowFactor?: number;
  /** Snapshot cache: shown at start before the first live read. */
  cache?: { load(): Snapshot | null; save(s: Snapshot): void };
  /** The shell's log folder (Settings names it and opens it). */
  logs?: LogFolder;
}

/** The config without `ui`: preferences change what the shells show, not what the Lab reads. */
const readsOf = (c: LabConfig): string => JSON.stringify({ ...c, ui: null });

/**
 * The core's façade for the shells and tests. It owns the config and the
 * integrations built from it; the poller decides when sources run,
 * buildSnapshot merges their data, the handler map answers the LabApi and the
 * event hub tells listeners. Builds run one at a time, in call order.
 */
export class Lab {
  readonly tasks: TaskRunner;
  private windowOpener: ((target?: string) => void) | null = null;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly events: LabEventHub;
  private readonly poller: Poller;
  private readonly handlers: LabHandlers;
  private config: LabConfig;
  private integrations: Integration[] = [];
  /** The config the integrations were built from (null before the first build). */
  private builtFrom: LabConfig | null = null;
  /** The config edits in flight, in order (see editConfig). */
  private edits: Promise<void> = Promise.resolve();
  private problems: LabProblem[] = [];
  private configProblem: string | null = null;
  private snapshotValue: Snapshot;
  private version = 0;
  private started = false;
  /** Bumped by stop(): a build that started before it finishes into nothing. */
  private generation = 0;
  /** The build queue: start, applyConfig, stop's teardown run one after another. */
  private queue: Promise<void> = Promise.resolve();
  private publishQueued = false;
  private lastPrefs: UserPrefs | null = null;
  private firstRunChoice: FirstRunHandler | null = null;

  constructor(private opts: LabOptions) {
    this.config = opts.config;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLog;
    this.events = new LabEventHub(this.log);
    this.poller = new Poller({ clock: this.clock, log: this.log, slowFactor: opts.slowFactor, changed: () => this.queuePublish() });
    this.tasks = new TaskRunner(
      this.clock,
      (t) => {
        this.events.emit('task', t);
        this.queuePublish();
      },
      (spec) => {
        if (spec.refreshSource) this.refreshSource(spec.refreshSource);
      },
    );
    // First run may move the Lab from the demo to a config file: the handlers read these as they are at each call.
    const now = (): LabOptions => this.opts;
    this.handlers = labHandlers({
      snapshot: () => this.snapshotValue,
      config: () => this.config,
      integrations: () => this.integrations,
      get secrets() {
        return now().secrets;
      },
      get configPath() {
        return now().configPath ?? null;
      },
      get sshConfigPath() {
        return now().sshConfigPath;
      },
      firstRun: (choice) => {
        if (!this.firstRunChoice) throw new LabError('unsupported', msg('firstRun.nothingToChoose').summary);
        return this.firstRunChoice(choice);
      },
      refreshAll: () => this.refreshAll(),
      setPollFlags: (f) => this.setPollFlags(f),
      editConfig: (mutate) => this.editConfig(mutate),
      logs: opts.logs,
      openWindow: (target) => {
        if (!this.windowOpener) return false;
        this.windowOpener(target);
        return true;
      },
    });
    const cached = opts.cache?.load() ?? null;
    // The cache paints the lab's last state at once; the user's choices come from the config, which may be newer.
    this.snapshotValue = cached ? Object.freeze({ ...cached, version: 0, prefs: this.prefs() }) : this.build();
  }

  get snapshot(): Snapshot {
    return this.snapshotValue;
  }

  /** The shell's window: the tray popover's "open" shows it (the preview has none, its page switches view itself). */
  setWindowOpener(open: ((target?: string) => void) | null): void {
    this.windowOpener = open;
  }

  /** The shell's first-run choice (see open-lab.ts); null where there is nothing to choose. */
  setFirstRun(handler: FirstRunHandler | null): void {
    this.firstRunChoice = handler;
  }

  /**
   * First run: the same Lab (the shells' tray, window and IPC keep it) takes over what the choice changed: leaving
   * the demo for a config file (its secrets, saving, cache and the empty config, the demo's sources stop), or only
   * no longer showing the welcome.
   */
  async adopt(next: Partial<Pick<LabOptions, 'config' | 'secrets' | 'demo' | 'notSetUp' | 'welcome' | 'saveConfig' | 'configPath' | 'sshConfigPath' | 'cache'>>): Promise<void> {
    const leaving = this.opts.demo && next.demo === false;
    this.opts = { ...this.opts, ...next };
    if (leaving) {
      this.tasks.cancelAll();
      // The demo's peers are not the user's: their path history goes with them.
      this.snapshotValue = Object.freeze({ ...this.snapshotValue, pathHistory: {}, power: null });
    }
    if (next.config) await this.applyConfig(next.config);
    this.queuePublish();
  }

  get currentConfig(): LabConfig {
    return this.config;
  }

  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Builds the integrations the config asks for and starts polling; resolves once they run. */
  start(): Promise<void> {
    if (this.started) return this.settled();
    this.started = true;
    this.poller.activate();
    // Until a source answers, it shows what the cached snapshot had for it (marked stale), not its placeholder.
    const cached = this.snapshotValue.version === 0 ? this.snapshotValue : null;
    return this.serial(async (generation) => {
      if (await this.rebuild(this.config, generation, (s) => (cached ? cachedSeed(cached, s) : undefined))) this.publish();
    });
  }

  /** Stops polling at once; resolves when every integration, including one still being built, is closed. */
  async stop(): Promise<void> {
    this.started = false;
    this.generation++;
    this.poller.deactivate();
    this.tasks.cancelAll();
    await this.serial(async () => {
      const old = this.integrations;
      this.integrations = [];
      this.builtFrom = null;
      await disposeIntegrations(old);
    });
  }

  /** Polls every source once and resolves when all have answered (the CLI's `status`). */
  async pollOnce(): Promise<Snapshot> {
    if (!this.started) {
      this.started = true;
      this.poller.activate();
      await this.serial(async (generation) => void (await this.rebuild(this.config, generation, () => undefined, false)));
    } else {
      await this.settled();
    }
    await this.poller.pollAll();
    this.publish();
    return this.snapshotValue;
  }

  /** The shells report what they know (the window, sleep, quiet mode, the user's pause); the Lab picks the poll mode. */
  setPollFlags(flags: Partial<PollFlags>): void {
    this.poller.setFlags(flags);
  }

  get pollFlags(): Readonly<PollFlags> {
    return this.poller.pollFlags;
  }

  get pollMode(): PollMode {
    return this.poller.pollMode;
  }

  /** Poll everything now (resume from sleep, network change, the user's refresh). */
  refreshAll(): void {
    this.poller.refreshAll();
  }

  refreshSource(id: string): void {
    this.poller.refresh(id);
  }

  /** The config on disk cannot be used (the Lab keeps running on the last good one); null clears it. */
  setConfigProblem(message: string | null): void {
    if (message === this.configProblem) return;
    this.configProblem = message;
    if (message) this.events.emit('notice', { id: `config:${this.clock.now()}`, level: 'warn', title: 'Config not applied', body: message, at: new Date(this.clock.now()).toISOString() });
    this.queuePublish();
  }

  /**
   * Replaces the config: integrations are rebuilt, last data kept by source id.
   * Calls made while a build runs wait for it; a queued one builds the newest config.
   */
  async applyConfig(config: LabConfig): Promise<void> {
    this.config = config;
    if (!this.started) return;
    await this.serial(async (generation) => {
      const target = this.config;
      if (this.builtFrom && readsOf(this.builtFrom) === readsOf(target)) {
        this.publish();
        return;
      }
      const keep = this.poller.seeds();
      if (await this.rebuild(target, generation, (s) => keep.get(s.id))) this.publish();
    });
  }

  /** Every LabApi method: validated here, once (the edge for IPC, the preview bridge, the CLI and the tray), then answered. */
  async invoke<M extends LabMethod>(method: M, rawInput: unknown): Promise<LabResults[M]> {
    const input = parseInput(method, rawInput);
    const handler: LabHandlers[M] = this.handlers[method];
    return handler(input);
  }

  /** Runs `job` after every earlier build job, with the generation it was queued in. */
  private serial(job: (generation: number) => Promise<void>): Promise<void> {
    const generation = this.generation;
    const run = this.queue.then(() => job(generation));
    this.queue = run.catch((err: unknown) => this.log.error(`lab: ${err instanceof Error ? err.message : String(err)}`));
    return run;
  }

  /** Resolves when the builds asked for so far have finished. */
  private settled(): Promise<void> {
    return this.serial(async () => undefined);
  }

  /**
   * Builds integrations for `config` and swaps them in: the old ones stop, the
   * new sources start from `seed`. A build overtaken by stop() closes what it
   * made and installs nothing (false).
   */
  private async rebuild(config: LabConfig, generation: number, seed: (s: AnySource) => Seed | undefined, schedule = true): Promise<boolean> {
    if (generation !== this.generation) return false;
    let built: { integrations: Integration[]; problems: LabProblem[] };
    try {
      built = await buildIntegrations(this.opts.factories, this.context(config));
    } catch (err) {
      built = { integrations: [], problems: [{ about: 'lab', message: err instanceof Error ? err.message : String(err) }] };
    }
    if (generation !== this.generation) {
      await disposeIntegrations(built.integrations);
      return false;
    }
    const old = this.integrations;
    const duplicates = this.poller.replace(
      built.integrations.flatMap((i) => i.sources),
      seed,
    );
    this.integrations = built.integrations;
    this.builtFrom = config;
    this.problems = [...built.problems, ...duplicates.map((id) => ({ about: id, message: `two sources are named "${id}"; names must be unique` }))];
    for (const p of this.problems) this.log.error(`${p.about}: ${p.message}`);
    if (schedule) this.poller.scheduleAll();
    await disposeIntegrations(old);
    return true;
  }

  private context(config: LabConfig): IntegrationContext {
    return {
      config,
      clock: this.clock,
      secrets: this.opts.secrets,
      tasks: this.tasks,
      log: this.log,
      snapshot: () => this.snapshotValue,
      refreshSource: (id) => this.refreshSource(id),
      updateConfig: (mutate) => this.editConfig(mutate),
    };
  }

  /**
   * One config edit at a time: each mutation sees the config the previous one
   * left, is saved (when this shell saves) and applied. A failed save changes nothing.
   */
  private editConfig(mutate: (current: LabConfig) => LabConfig): Promise<void> {
    const run = this.edits.then(async () => {
      const next = mutate(structuredClone(this.config));
      await this.opts.saveConfig?.(next);
      await this.applyConfig(next);
    });
    this.edits = run.catch(() => undefined);
    return run;
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
    this.events.emit('snapshot', this.snapshotValue);
  }

  private build(): Snapshot {
    return buildSnapshot({
      version: ++this.version,
      now: this.clock.now(),
      demo: this.opts.demo ?? false,
      // Set up from the welcome: not set up until a cluster or host is added.
      notSetUp: (this.opts.notSetUp ?? false) && (this.opts.demo === true || !(this.config.proxmox?.length || this.config.hosts?.length)),
      welcome: this.opts.welcome ?? false,
      configProblem: this.configProblem,
      problems: this.problems,
      sources: this.poller.entries,
      checksOf: (entry, at) => this.poller.checksOf(entry, at),
      tasks: this.tasks.list(),
      paused: this.poller.pollMode === 'paused',
      prefs: this.prefs(),
      wayHome: { subnetRouter: this.config.tailscale?.subnetRouter, protected: this.config.ui?.protected },
      wake: wakeConfig(this.config),
      // The cache brings last week's paths back after a restart (an older cache has none).
      pathHistory: this.snapshotValue?.pathHistory ?? {},
      // The energy ledger lives in the snapshot too, so the cache keeps the month's kWh across restarts.
      power: this.config.power ? { ledger: this.snapshotValue?.power?.ledger ?? null, price: this.config.power.price ?? null, currency: this.config.power.currency ?? null } : null,
      loading: this.builtFrom === null,
    });
  }

  /** The snapshot's prefs, the same object while the config's choices are unchanged. */
  private prefs(): UserPrefs {
    const ui = this.config.ui;
    const favourites = ui?.favourites ?? defaultPrefs.favourites;
    const favouriteTag = ui?.favouriteTag ?? defaultPrefs.favouriteTag;
    const language = ui?.language ?? defaultPrefs.language;
    const theme = ui?.theme ?? defaultPrefs.theme;
    const last = this.lastPrefs;
    if (last && last.favourites === favourites && last.favouriteTag === favouriteTag && last.language === language && last.theme === theme) return last;
    return (this.lastPrefs = Object.freeze({ favourites, favouriteTag, language, theme }));
  }
}

/** The hosts with a MAC, and the SSH hosts that relay wake-ups, as the config names them. */
function wakeConfig(config: LabConfig): WakeConfig {
  const hosts = config.hosts ?? [];
  return { macs: hosts.filter((h) => h.mac).map((h) => h.name), relays: hosts.filter((h) => h.wakeRelay && h.ssh).map((h) => h.name) };
}
