import type { HostConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import { msg, part, type Said } from '../../../shared/message';
import type { Check, Status } from '../../../shared/status';
import { resolveThresholds, type Thresholds } from '../ssh/probes/thresholds';
import { formatBytes } from '../../../shared/units';
import { grade } from '../ssh/probes/types';
import type { Sample } from './client';

/**
 * Filesystems that hold no user data or cannot fill up (as the SSH disk probe skips them).
 * `fuse` alone is pmxcfs (/etc/pve on every PVE node), a view of the cluster database, not a disk.
 */
const PSEUDO_FS = 'fuse|tmpfs|devtmpfs|overlay|squashfs|ramfs|nsfs|autofs|efivarfs|iso9660|udf|fuse.lxcfs|fuse.snapfuse|rootfs';

/** The few instant queries that give every node's health at once. */
export const QUERIES = {
  up: 'up',
  gauges:
    '{__name__=~"node_load1|node_load5|node_load15|node_memory_MemAvailable_bytes|node_memory_MemTotal_bytes|node_memory_SwapTotal_bytes|node_memory_SwapFree_bytes|node_boot_time_seconds|node_time_seconds"}',
  cores: 'count by (instance) (node_cpu_seconds_total{mode="idle"})',
  filesystems: `{__name__=~"node_filesystem_avail_bytes|node_filesystem_free_bytes|node_filesystem_size_bytes",fstype!~"${PSEUDO_FS}"}`,
  temperatures: '{__name__=~"node_hwmon_temp_celsius|node_hwmon_temp_crit_celsius|node_hwmon_sensor_label"}',
} as const;

export type QueryName = keyof typeof QUERIES;
export type QueryResults = Record<QueryName, Sample[]>;

export interface Filesystem {
  mount: string;
  device: string;
  fstype: string;
  size: number;
  avail: number;
  /** used / (used + avail), like df's Capacity column. */
  percent: number;
}

export interface Temperature {
  label: string;
  celsius: number;
  crit?: number;
}

/** One node as node_exporter sees it through the metrics server. */
export interface MetricsNode {
  name: string;
  /** The `instance` label as scraped (`um560`, `192.168.1.10:9100`). */
  instance: string;
  up: boolean;
  load: [number, number, number] | null;
  cores: number | null;
  memTotal: number | null;
  memAvailable: number | null;
  swapTotal: number | null;
  swapFree: number | null;
  uptimeSeconds: number | null;
  filesystems: Filesystem[];
  temperatures: Temperature[];
}

/** `192.168.1.10:9100` → `192.168.1.10`; `um560` stays; `[fd00::1]:9100` → `fd00::1`. */
export function instanceHost(instance: string): string {
  const v6 = /^\[(.+)\](?::\d+)?$/.exec(instance);
  if (v6) return v6[1];
  const m = /^([^:]+):\d+$/.exec(instance);
  return m ? m[1] : instance;
}

/** The config's name for an instance: a host named like it or whose SSH address it is; else the instance's host part. */
export function nodeName(instance: string, hosts: readonly HostConfig[]): string {
  const h = instanceHost(instance);
  const named = hosts.find((c) => c.name === h) ?? hosts.find((c) => c.ssh?.host === h || c.ssh?.awayHost === h);
  return named ? named.name : h;
}

const plausible = (c: number): boolean => c > -20 && c < 150;

/** Groups the query answers by instance. Nodes are instances with node_exporter data, plus down targets of the same jobs. */
export function nodesFromResults(r: QueryResults, hosts: readonly HostConfig[] = []): MetricsNode[] {
  const nodes = new Map<string, MetricsNode>();
  const node = (instance: string): MetricsNode => {
    let n = nodes.get(instance);
    if (!n) {
      n = { name: nodeName(instance, hosts), instance, up: false, load: null, cores: null, memTotal: null, memAvailable: null, swapTotal: null, swapFree: null, uptimeSeconds: null, filesystems: [], temperatures: [] };
      nodes.set(instance, n);
    }
    return n;
  };
  const nodeJobs = new Set<string>();
  const load = new Map<string, [number, number, number]>();
  const times = new Map<string, { boot?: number; now?: number }>();
  for (const s of r.gauges) {
    const inst = s.labels.instance;
    if (!inst) continue;
    if (s.labels.job) nodeJobs.add(s.labels.job);
    const n = node(inst);
    const l = load.get(inst) ?? [NaN, NaN, NaN];
    const t = times.get(inst) ?? {};
    switch (s.labels.__name__) {
      case 'node_load1': l[0] = s.value; break;
      case 'node_load5': l[1] = s.value; break;
      case 'node_load15': l[2] = s.value; break;
      case 'node_memory_MemTotal_bytes': n.memTotal = s.value; break;
      case 'node_memory_MemAvailable_bytes': n.memAvailable = s.value; break;
      case 'node_memory_SwapTotal_bytes': n.swapTotal = s.value; break;
      case 'node_memory_SwapFree_bytes': n.swapFree = s.value; break;
      case 'node_boot_time_seconds': t.boot = s.value; break;
      case 'node_time_seconds': t.now = s.value; break;
    }
    load.set(inst, l);
    times.set(inst, t);
  }
  for (const [inst, l] of load) if (l.every(Number.isFinite)) node(inst).load = l;
  for (const [inst, t] of times) if (t.boot !== undefined && t.now !== undefined && t.now >= t.boot) node(inst).uptimeSeconds = Math.round(t.now - t.boot);
  for (const s of r.up) {
    const inst = s.labels.instance;
    if (!inst) continue;
    // `up` covers every scrape target (vmagent, kube-state-metrics...): keep the node_exporter jobs only.
    if (!nodes.has(inst) && !(s.labels.job && nodeJobs.has(s.labels.job))) continue;
    const n = node(inst);
    n.up = n.up || s.value === 1;
  }
  for (const s of r.cores) {
    const n = s.labels.instance ? nodes.get(s.labels.instance) : undefined;
    if (n && Number.isInteger(s.value) && s.value > 0) n.cores = s.value;
  }
  collectFilesystems(r.filesystems, nodes);
  collectTemperatures(r.temperatures, nodes);
  return [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function collectFilesystems(samples: Sample[], nodes: Map<string, MetricsNode>): void {
  const byMount = new Map<string, { inst: string; mount: string; device: string; fstype: string; size?: number; avail?: number; free?: number }>();
  for (const s of samples) {
    const { instance, mountpoint, device = '', fstype = '' } = s.labels;
    if (!instance || !mountpoint || !nodes.has(instance)) continue;
    const key = `${instance}\u0000${mountpoint}`;
    const fs = byMount.get(key) ?? { inst: instance, mount: mountpoint, device, fstype };
    if (s.labels.__name__ === 'node_filesystem_size_bytes') fs.size = s.value;
    else if (s.labels.__name__ === 'node_filesystem_avail_bytes') fs.avail = s.value;
    else if (s.labels.__name__ === 'node_filesystem_free_bytes') fs.free = s.value;
    byMount.set(key, fs);
  }
  // A device mounted twice (bind mounts) counts once, at its shortest mount point.
  const sorted = [...byMount.values()].sort((a, b) => a.mount.length - b.mount.length || a.mount.localeCompare(b.mount));
  const seen = new Set<string>();
  for (const fs of sorted) {
    if (fs.size === undefined || fs.avail === undefined || fs.size <= 0) continue;
    const devKey = `${fs.inst}\u0000${fs.device}`;
    if (fs.device && seen.has(devKey)) continue;
    seen.add(devKey);
    const used = fs.size - (fs.free ?? fs.avail);
    const percent = used + fs.avail > 0 ? (used / (used + fs.avail)) * 100 : 0;
    nodes.get(fs.inst)!.filesystems.push({ mount: fs.mount, device: fs.device, fstype: fs.fstype, size: fs.size, avail: fs.avail, percent });
  }
  for (const n of nodes.values()) n.filesystems.sort((a, b) => a.mount.localeCompare(b.mount));
}

function collectTemperatures(samples: Sample[], nodes: Map<string, MetricsNode>): void {
  const labels = new Map<string, string>();
  const crits = new Map<string, number>();
  const key = (s: Sample): string => `${s.labels.instance}\u0000${s.labels.chip}\u0000${s.labels.sensor}`;
  for (const s of samples) {
    if (s.labels.__name__ === 'node_hwmon_sensor_label' && s.labels.label) labels.set(key(s), s.labels.label);
    if (s.labels.__name__ === 'node_hwmon_temp_crit_celsius' && plausible(s.value) && s.value > 0) crits.set(key(s), s.value);
  }
  for (const s of samples) {
    if (s.labels.__name__ !== 'node_hwmon_temp_celsius' || !plausible(s.value)) continue;
    const n = s.labels.instance ? nodes.get(s.labels.instance) : undefined;
    if (!n) continue;
    const crit = crits.get(key(s));
    n.temperatures.push({ label: `${s.labels.chip ?? 'hwmon'} ${labels.get(key(s)) ?? s.labels.sensor ?? ''}`.trim(), celsius: s.value, ...(crit !== undefined ? { crit } : {}) });
  }
}

export interface CheckContext {
  /** Source id (`metrics`). */
  source: string;
  observedAt: string;
  /** Where the figures came from, for the detail line (no credentials). */
  server: string;
}

/** Health checks for one node, in the same shape and with the same limits as the SSH probes. */
export function nodeChecks(n: MetricsNode, t: Thresholds, ctx: CheckContext): Check[] {
  const from = `from node_exporter via ${ctx.server} (instance "${n.instance}")`;
  const check = (probe: string, status: Status, said: Said, detail?: string): Check => ({
    id: `${ctx.source}:host:${n.name}:${probe}`,
    source: ctx.source,
    target: `host:${n.name}`,
    status,
    ...said,
    detail: detail ? `${detail}\n${from}` : from,
    observedAt: ctx.observedAt,
  });
  if (!n.up) return [check('up', 'crit', msg('metrics.down', { host: n.name }), 'the host is down, asleep, or node_exporter stopped')];
  const out: Check[] = [check('up', 'ok', msg('metrics.up', { host: n.name, booted: n.uptimeSeconds !== null ? part('metrics.booted', { uptime: n.uptimeSeconds }) : '' }))];

  if (!n.load) out.push(check('load', 'unknown', msg('metrics.loadMissing', { host: n.name })));
  else {
    const shown = n.load.map((l) => l.toFixed(2)).join(' ');
    if (!n.cores) out.push(check('load', 'unknown', msg('host.loadNoCores', { host: n.name, load: shown })));
    else {
      const perCore = n.load[1] / n.cores;
      const s = grade(perCore, t.loadPerCoreWarn, t.loadPerCoreCrit);
      out.push(check('load', s, msg('host.load', { host: n.name, load: shown, cores: n.cores, perCore: s === 'ok' ? '' : part('host.loadPerCore', { perCore: perCore.toFixed(1) }) }), `warn at ${t.loadPerCoreWarn} per core, critical at ${t.loadPerCoreCrit} (5-minute average)`));
    }
  }

  if (n.memTotal && n.memAvailable !== null) {
    const used = Math.max(0, n.memTotal - n.memAvailable);
    const pct = (used / n.memTotal) * 100;
    out.push(check('memory', grade(pct, t.memWarn, t.memCrit), msg('host.memory', { host: n.name, pct: pct.toFixed(0), used: formatBytes(used), total: formatBytes(n.memTotal) }), `warn at ${t.memWarn} %, critical at ${t.memCrit} % (used = total − available)`));
  } else out.push(check('memory', 'unknown', msg('metrics.memoryMissing', { host: n.name })));
  if (n.swapTotal && n.swapFree !== null) {
    const used = Math.max(0, n.swapTotal - n.swapFree);
    const pct = (used / n.swapTotal) * 100;
    out.push(check('swap', grade(pct, t.swapWarn, t.swapCrit), msg('host.swap', { host: n.name, pct: pct.toFixed(0), used: formatBytes(used), total: formatBytes(n.swapTotal) }), `warn at ${t.swapWarn} %, critical at ${t.swapCrit} %`));
  }

  if (!n.filesystems.length) out.push(check('disk', 'unknown', msg('metrics.noFilesystems', { host: n.name })));
  for (const fs of n.filesystems) {
    out.push(
      check(`disk:${fs.mount}`, grade(fs.percent, t.diskWarn, t.diskCrit), msg('host.disk', { host: n.name, mount: fs.mount, pct: Math.ceil(fs.percent), free: formatBytes(fs.avail), size: formatBytes(fs.size) }), `${fs.device} (${fs.fstype}); warn at ${t.diskWarn} %, critical at ${t.diskCrit} %`),
    );
  }

  if (!n.temperatures.length) out.push(check('temperature', 'unknown', msg('metrics.noTemperatures', { host: n.name })));
  else {
    const judge = (r: Temperature): Status => (r.celsius >= t.tempCrit || (r.crit !== undefined && r.celsius >= r.crit) ? 'crit' : r.celsius >= t.tempWarn ? 'warn' : 'ok');
    const hottest = n.temperatures.reduce((a, b) => (b.celsius > a.celsius ? b : a));
    out.push(
      check('temperature', judge(hottest), msg('host.temperature', { host: n.name, sensor: hottest.label, celsius: hottest.celsius.toFixed(0) }), n.temperatures.map((r) => `${r.label}: ${r.celsius.toFixed(1)} °C`).join('\n') + `\nwarn at ${t.tempWarn} °C, critical at ${t.tempCrit} °C or the sensor's own limit`),
    );
  }
  return out;
}

/** Every node as a HostState with its checks, the way the overview shows SSH hosts. */
export function hostStates(nodes: MetricsNode[], hosts: readonly HostConfig[], ctx: CheckContext): HostState[] {
  return nodes.map((n) => {
    const cfg = hosts.find((h) => h.name === n.name);
    const checks = nodeChecks(n, resolveThresholds(cfg?.thresholds), ctx);
    return {
      name: n.name,
      address: instanceHost(n.instance),
      reachable: n.up,
      via: 'metrics',
      hostKey: null,
      uptimeSeconds: n.up ? n.uptimeSeconds : null,
      load: n.up ? n.load : null,
      cores: n.cores,
      memUsed: n.up && n.memTotal !== null && n.memAvailable !== null ? Math.max(0, n.memTotal - n.memAvailable) : null,
      memTotal: n.memTotal,
      checks,
      wakeable: cfg?.mac !== undefined,
    };
  });
}
