import type { HostState } from '../../../shared/hosts';
import type { KubeCluster } from '../../../shared/kube';
import { msg } from '../../../shared/message';
import type { ProxmoxCluster } from '../../../shared/proxmox';
import type { Snapshot, SourceKind, SourceMeta, UserPrefs } from '../../../shared/snapshot';
import { rollup } from '../../../shared/card-status';
import type { Check } from '../../../shared/status';
import type { LocationState, TailscaleStatus } from '../../../shared/tailscale';
import type { TaskInfo } from '../../../shared/tasks';
import { recordPaths, type PathHistory } from '../../../shared/path-history';
import type { EnergyLedger, PowerReading } from '../../../shared/power';
import { powerState } from '../../../shared/power-state';
import { wakeTargets, type WakeConfig } from '../../../shared/wake-targets';
import { wayHome, type WayHomeOptions } from '../../../shared/way-home';
import type { Seed, SourceEntry } from './poller';
import { joinNodeHosts } from './node-join';
import type { Source, SourceDataMap } from './source';

/** The parts of a snapshot that sources fill in. */
interface Parts {
  proxmox: ProxmoxCluster[];
  kubernetes: KubeCluster[];
  hosts: HostState[];
  /** Hosts as the metrics server sees them; merged with the SSH hosts at the end. */
  metricsHosts: HostState[];
  tailscale: TailscaleStatus | null;
  location: LocationState | null;
  power: PowerReading | null;
}

/** What each kind of source contributes to a snapshot, and where a cached snapshot kept it. */
interface KindPart<K extends SourceKind> {
  add(parts: Parts, data: SourceDataMap[K]): void;
  cached(snapshot: Snapshot, name: string): SourceDataMap[K] | null | undefined;
}

const kinds: { [K in SourceKind]: KindPart<K> } = {
  proxmox: {
    add: (p, d) => void p.proxmox.push(d),
    cached: (s, name) => s.proxmox.find((c) => c.name === name),
  },
  kubernetes: {
    add: (p, d) => void p.kubernetes.push(d),
    cached: (s, name) => s.kubernetes.find((k) => k.context === name),
  },
  host: {
    add: (p, d) => void p.hosts.push(d),
    cached: (s, name) => s.hosts.find((h) => h.name === name && h.via !== 'metrics'),
  },
  metrics: {
    add: (p, d) => void p.metricsHosts.push(...d),
    // Metrics hosts are merged into `hosts` and cannot be told apart again: the first live read brings them back.
    cached: () => null,
  },
  tailscale: {
    add: (p, d) => void (p.tailscale = d),
    cached: (s) => s.tailscale,
  },
  location: {
    add: (p, d) => void (p.location = d),
    cached: (s) => s.location,
  },
  power: {
    // Only sensors that were read count: a placeholder (readAt 0) adds no energy.
    add: (p, d) => void (p.power = d.readAt > 0 ? d : null),
    // The cached part is the ledger (SnapshotInput.power), not a reading: the first live read brings watts back.
    cached: () => null,
  },
};

function contribute<K extends SourceKind>(parts: Parts, entry: SourceEntry<K>): void {
  kinds[entry.source.kind].add(parts, entry.data ?? entry.source.placeholder());
}

/** What a cached snapshot showed for this source (marked stale until the source answers), or nothing. */
export function cachedSeed<K extends SourceKind>(cached: Snapshot, source: Source<K>): Seed | undefined {
  const meta = cached.sources.find((m) => m.id === source.id);
  const data = meta && kinds[source.kind].cached(cached, source.name);
  return meta && data ? { data, meta: { ...meta, stale: true } } : undefined;
}

/** A problem of the Lab itself (an integration that could not start), shown as a check. */
export interface LabProblem {
  /** The config section or integration it concerns. */
  about: string;
  message: string;
}

export interface SnapshotInput {
  version: number;
  now: number;
  demo: boolean;
  /** The demo stands in for a config that does not exist yet. */
  notSetUp?: boolean;
  /** First run: the window shows its welcome. */
  welcome?: boolean;
  /** The config on disk cannot be used (the Lab keeps running on the last good one). */
  configProblem: string | null;
  problems: readonly LabProblem[];
  sources: readonly SourceEntry[];
  /** The checks of one source's data at a time (memoised by the caller). */
  checksOf(entry: SourceEntry, at: string): Check[];
  tasks: TaskInfo[];
  paused: boolean;
  prefs: UserPrefs;
  /** What the config says about the way home (the subnet router, guests to guard). */
  wayHome: WayHomeOptions;
  /** The hosts with a MAC and the wake-up relays in the config. */
  wake: WakeConfig;
  /** The last snapshot's path history: this one adds the paths it sees. */
  pathHistory: PathHistory;
  /** The `power:` section's price and currency, and the last snapshot's energy ledger; null without the section. */
  power: { ledger: EnergyLedger | null; price: number | null; currency: string | null } | null;
  /** The integrations for the config are still loading: nothing is known yet, not even that all is well. */
  loading: boolean;
}

/** Merges every source's part into one immutable snapshot. */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const iso = new Date(input.now).toISOString();
  const checks: Check[] = [];
  if (input.configProblem) {
    checks.push({ id: 'config:file', source: 'config', target: 'config', status: 'warn', ...msg('lab.configNotApplied', { error: input.configProblem }), observedAt: iso, error: input.configProblem });
  }
  for (const p of input.problems) {
    checks.push({ id: `lab:${p.about}`, source: 'lab', target: p.about, status: 'crit', ...msg('lab.cannotRead', { source: p.about, error: p.message }), observedAt: iso, error: p.message });
  }
  const parts: Parts = { proxmox: [], kubernetes: [], hosts: [], metricsHosts: [], tailscale: null, location: null, power: null };
  for (const entry of input.sources) {
    if (entry.data !== null) checks.push(...input.checksOf(entry, entry.meta.updatedAt ?? iso));
    const error = sourceError(entry, iso);
    if (error) checks.push(error);
    try {
      contribute(parts, entry);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      checks.push({ id: `${entry.source.id}:part`, source: entry.source.id, target: entry.source.id, status: 'crit', ...msg('lab.internalError', { source: entry.source.name, error }), observedAt: iso, error });
    }
  }
  const hosts = mergeMetricsHosts(parts.hosts, parts.metricsHosts);
  // Where SSH reaches a host, its own probes speak for it: the metrics copy of the same findings is dropped.
  const sshReached = new Set(hosts.filter((h) => h.reachable && h.via === 'ssh').map((h) => `host:${h.name}`));
  const shown = sshReached.size ? checks.filter((c) => !(c.source === 'metrics' && c.target !== undefined && sshReached.has(c.target))) : checks;
  const proxmox = joinNodeHosts(parts.proxmox, hosts);
  return Object.freeze({
    version: input.version,
    takenAt: iso,
    demo: input.demo,
    ...(input.notSetUp ? { notSetUp: true } : {}),
    ...(input.welcome ? { welcome: true } : {}),
    // An unknown that can never be known (an SD card's SMART) is a note, not a reason to turn the tray grey.
    status: shown.length ? rollup(shown) : input.sources.length || input.loading ? 'unknown' : 'ok',
    sources: input.sources.map((s): SourceMeta => s.meta),
    checks: shown,
    proxmox,
    tailscale: parts.tailscale,
    kubernetes: parts.kubernetes,
    hosts,
    tasks: input.tasks,
    location: parts.location,
    wayHome: wayHome({ proxmox, tailscale: parts.tailscale, location: parts.location }, input.wayHome),
    wake: wakeTargets({ proxmox, hosts, atHome: parts.location?.atHome ?? null }, input.wake),
    pathHistory: recordPaths(input.pathHistory, parts.tailscale, input.now),
    power: input.power ? powerState({ ...input.power, reading: parts.power, proxmox, now: input.now }) : null,
    paused: input.paused,
    prefs: input.prefs,
  });
}

/** The check for a source whose last read failed: critical with nothing to show, a warning over stale data. */
function sourceError(entry: SourceEntry, iso: string): Check | null {
  const { source, meta } = entry;
  if (!meta.error) return null;
  return {
    id: `${source.id}:source`,
    source: source.id,
    target: source.id,
    status: entry.data === null ? 'crit' : 'warn',
    ...msg(entry.data === null ? 'lab.cannotRead' : 'lab.stale', { source: source.name, error: meta.error }),
    observedAt: meta.lastAttemptAt ?? iso,
    error: meta.error,
  };
}

/** Metrics fill in hosts that SSH does not cover, and add figures where SSH is down. */
function mergeMetricsHosts(ssh: HostState[], metrics: HostState[]): HostState[] {
  const hosts = [...ssh];
  for (const m of metrics) {
    const i = hosts.findIndex((h) => h.name === m.name);
    if (i < 0) hosts.push(m);
    else if (!hosts[i].reachable) hosts[i] = { ...m, checks: [...hosts[i].checks, ...m.checks] };
  }
  return hosts;
}
