import { referencedSecrets } from './config/credentials';
import { SecretValues } from './redact';
import type { LogFolder } from './lab/handlers';
import { LabError } from '../../shared/api';
import type { LabConfig } from '../../shared/config';
import type { Snapshot } from '../../shared/snapshot';
import { systemClock, type Clock } from './clock';
import { loadConfig } from './config/load';
import { createConfig, saveConfig } from './config/save';
import { readFirstRun, writeFirstRun } from './first-run';
import { msg } from '../../shared/message';
import { watchLabConfig, type ConfigWatcher } from './config/watch';
import type { IntegrationFactory } from './lab/integration';
import { Lab } from './lab/lab';
import { registry } from './lab/registry';
import type { Logger } from './logger';
import { MemorySecretStore, type SecretStore } from './secrets';

/** What a shell asks for: only the demo, only the user's config, or the config with the demo as the first-run fallback. */
export type LabSource = 'demo' | 'config' | 'config-or-demo';

/** A snapshot cache for the Lab (the demo keeps its own, so neither ever shows the other's lab). */
export interface LabCache {
  load(): Snapshot | null;
  save(s: Snapshot): void;
  flush?(): void;
}

export interface OpenLabOptions {
  source: LabSource;
  configPath: string;
  /** The path came from --config or LABTRAY_CONFIG: a missing file is then an error, never the demo. */
  explicit?: boolean;
  /** Secrets for the user's config (the demo brings its own). */
  secrets: SecretStore;
  log: Logger;
  clock?: Clock;
  /** Long-running shells follow edits of the config file; a broken edit keeps the last good config. */
  watch?: boolean;
  /** Whether changes made in the app are written back to the config file. */
  save?: boolean;
  /** Where the demo keeps guest power states between runs (the CLI: one demo lab across commands). */
  demoStatePath?: string;
  cache?: (demo: boolean, secretValues?: () => Iterable<string>) => LabCache;
  /**
   * The config file exists but is broken. Absent: the error is thrown. Present:
   * the Lab runs with an empty config (the file is never overwritten, as saves
   * refuse a file that does not parse) and, when watching, picks up the fixed file.
   */
  onBrokenConfig?: (err: LabError) => void;
  /** The shell's log folder (Settings names it and opens it). */
  logs?: LogFolder;
  /**
   * The file in the app's state folder that remembers the first-run choice. Absent (the CLI): no welcome, and
   * the lab cannot be set up from a window.
   */
  firstRunState?: string;
}

export interface OpenedLab {
  lab: Lab;
  demo: boolean;
  /** The config file in use; null for the demo. */
  configPath: string | null;
  /** Every secret value this lab has read or stored: what the cache refuses and the log blanks. */
  secretValues(): Iterable<string>;
  close(): Promise<void>;
}

export interface CreateLabOptions {
  config: LabConfig;
  secrets: SecretStore;
  demo?: boolean;
  /** The demo stands in for a config that does not exist yet. */
  notSetUp?: boolean;
  /** First run: the window shows its welcome. */
  welcome?: boolean;
  configPath?: string | null;
  /** The ssh config Settings offers to import from; default ~/.ssh/config. */
  sshConfigPath?: string;
  saveConfig?: (c: LabConfig) => Promise<void>;
  clock?: Clock;
  log?: Logger;
  /** Default: the registry (every integration, each loaded only when its config section is present). */
  factories?: readonly IntegrationFactory[];
  cache?: { load(): Snapshot | null; save(s: Snapshot): void };
  logs?: LogFolder;
}

/** The Lab with the registry's integrations, as each shell starts it. */
export function createLab(opts: CreateLabOptions): Lab {
  return new Lab({ ...opts, factories: opts.factories ?? registry });
}

/** The one way every shell (app, preview, CLI) opens a Lab: the user's config, or the demo loaded only when asked for. */
export async function openLab(opts: OpenLabOptions): Promise<OpenedLab> {
  const read = opts.source === 'demo' ? null : await readConfig(opts);
  if (read === null) return openDemo(opts);
  const { config, problem } = read;
  const clock = opts.clock ?? systemClock;
  const path = opts.configPath;
  // Every secret the config names is known before a snapshot or a log line could carry it, not only once a client asks.
  const known = new SecretValues();
  const secrets = known.watch(opts.secrets);
  await Promise.all(referencedSecrets(config).map((name) => secrets.get(name).catch(() => undefined)));
  const cache = opts.cache?.(false, () => known.values());
  // Set up from the welcome: the tray says "not set up" until a cluster or host is added, across restarts too.
  const notSetUp = (await readFirstRun(opts.firstRunState)) === 'setup';
  const lab = createLab({ config, secrets, notSetUp, configPath: path, saveConfig: opts.save === false ? undefined : (c) => saveConfig(path, c), log: opts.log, clock, cache, logs: opts.logs });
  if (problem) lab.setConfigProblem(problem.message);
  let watcher: ConfigWatcher | null = null;
  if (opts.watch) watcher = await watchLabConfig(lab, path, clock, { log: opts.log });
  return {
    lab,
    demo: false,
    configPath: path,
    secretValues: () => known.values(),
    close: async () => {
      watcher?.close();
      try {
        await lab.stop();
      } finally {
        cache?.flush?.();
      }
    },
  };
}

/** The user's config; null when the demo should run instead (first run, no file). */
async function readConfig(opts: OpenLabOptions): Promise<{ config: LabConfig; problem: LabError | null } | null> {
  try {
    return { config: (await loadConfig(opts.configPath)).config, problem: null };
  } catch (err) {
    if (!(err instanceof LabError)) throw err;
    if (err.code === 'config-missing') {
      if (opts.source === 'config-or-demo' && !opts.explicit) return null;
      if (!opts.explicit) throw new LabError('config-missing', `no config at ${opts.configPath}: write one (see README, "Configuration"), pass --config FILE, or try --demo`);
      throw err;
    }
    if (!opts.onBrokenConfig) throw err;
    opts.onBrokenConfig(err);
    return { config: {}, problem: err };
  }
}

async function openDemo(opts: OpenLabOptions): Promise<OpenedLab> {
  // The simulators load only here: a shell that never runs the demo never loads them.
  const { startDemoLab } = await import('../../demo/demo-lab');
  const demo = await startDemoLab({ statePath: opts.demoStatePath });
  const demoCache = opts.cache?.(true, () => Object.values(demo.secrets));
  const standIn = opts.source !== 'demo';
  const chosen = standIn ? await readFirstRun(opts.firstRunState) : null;
  let lab: Lab;
  try {
    lab = createLab({
      config: demo.config,
      secrets: new MemorySecretStore(demo.secrets),
      demo: true,
      notSetUp: standIn && chosen !== 'demo',
      welcome: standIn && chosen === null && opts.firstRunState !== undefined,
      log: opts.log,
      clock: opts.clock,
      cache: demoCache,
      sshConfigPath: demo.sshConfigPath,
      logs: opts.logs,
    });
  } catch (err) {
    await demo.stop();
    throw err;
  }
  // After "Set up my lab": the config file the lab runs from now, and what it brought.
  let own: { watcher: ConfigWatcher | null; cache: LabCache | undefined; known: SecretValues } | null = null;
  let demoStopped = false;
  let choosing: Promise<void> | null = null;
  const setUp = async (statePath: string): Promise<void> => {
    const path = opts.configPath;
    await createConfig(path, {});
    await writeFirstRun(statePath, 'setup', new Date((opts.clock ?? systemClock).now()));
    const known = new SecretValues();
    const cache = opts.cache?.(false, () => known.values());
    demoCache?.flush?.();
    await lab.adopt({ config: {}, secrets: known.watch(opts.secrets), demo: false, notSetUp: true, welcome: false, configPath: path, saveConfig: opts.save === false ? undefined : (c) => saveConfig(path, c), sshConfigPath: undefined, cache });
    own = { watcher: null, cache, known };
    demoStopped = true;
    await demo.stop();
    if (opts.watch) own.watcher = await watchLabConfig(lab, path, opts.clock ?? systemClock, { log: opts.log });
  };
  const statePath = opts.firstRunState;
  if (standIn && statePath) {
    lab.setFirstRun((choice) => {
      if (own) return Promise.reject(new LabError('conflict', msg('firstRun.alreadySetUp', { path: opts.configPath }).summary));
      // One choice at a time: a second click waits for the first and then sees what it did.
      if (choosing) return choosing.then(() => (own ? Promise.reject(new LabError('conflict', msg('firstRun.alreadySetUp', { path: opts.configPath }).summary)) : undefined));
      const run = choice === 'setup' ? setUp(statePath) : writeFirstRun(statePath, 'demo', new Date((opts.clock ?? systemClock).now())).then(() => lab.adopt({ notSetUp: false, welcome: false }));
      choosing = run.finally(() => (choosing = null));
      return choosing;
    });
  }
  return {
    lab,
    get demo() {
      return own === null;
    },
    get configPath() {
      return own ? opts.configPath : null;
    },
    secretValues: () => (own ? own.known.values() : Object.values(demo.secrets)),
    close: async () => {
      own?.watcher?.close();
      try {
        await lab.stop();
      } finally {
        demoCache?.flush?.();
        own?.cache?.flush?.();
        if (!demoStopped) await demo.stop();
      }
    },
  };
}
