import type { HostConfig } from '../../../shared/config';
import { sensorKind, type HostState, type TemperatureReading, type Temperatures } from '../../../shared/hosts';
import { detailLines, msg, part, type Msg, type Said } from '../../../shared/message';
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
  temperatures: '{__name__=~"node_hwmon_temp_celsius|node_hwmon_temp_crit_celsius|node_hwmon_sensor_label|node_hwmon_chip_names|node_thermal_zone_temp"}',
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

export type Temperature = TemperatureReading;

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

/** `nvme_nvme0` (chip) + `nvme` (driver) → `nvme0`; otherwise the driver's name (`k10temp`), else the chip as node_exporter names it. */
function chipName(chip: string | undefined, driver: string | undefined): string {
  const nvme = driver === 'nvme' || (!driver && /^nvme/.test(chip ?? '')) ? /(nvme\d+)$/.exec(chip ?? '') : null;
  if (nvme) return nvme[1];
  return driver || chip || 'hwmon';
}

function collectTemperatures(samples: Sample[], nodes: Map<string, MetricsNode>): void {
  const labels = new Map<string, string>();
  const crits = new Map<string, number>();
  const drivers = new Map<string, string>();
  const key = (s: Sample): string => `${s.labels.instance}\u0000${s.labels.chip}\u0000${s.labels.sensor}`;
  for (const s of samples) {
    if (s.labels.__name__ === 'node_hwmon_sensor_label' && s.labels.label) labels.set(key(s), s.labels.label);
    if (s.labels.__name__ === 'node_hwmon_temp_crit_celsius' && plausible(s.value) && s.value > 0) crits.set(key(s), s.value);
    if (s.labels.__name__ === 'node_hwmon_chip_names' && s.labels.chip_name) drivers.set(`${s.labels.instance}\u0000${s.labels.chip}`, s.labels.chip_name);
  }
  const zones: { node: MetricsNode; reading: TemperatureReading }[] = [];
  for (const s of samples) {
    const n = s.labels.instance ? nodes.get(s.labels.instance) : undefined;
    if (!n || !plausible(s.value)) continue;
    if (s.labels.__name__ === 'node_thermal_zone_temp') {
      const label = s.labels.type || `thermal_zone${s.labels.zone ?? ''}`;
      zones.push({ node: n, reading: { label, kind: sensorKind(label), celsius: s.value } });
      continue;
    }
    if (s.labels.__name__ !== 'node_hwmon_temp_celsius') continue;
    const crit = crits.get(key(s));
    const label = `${chipName(s.labels.chip, drivers.get(`${s.labels.instance}\u0000${s.labels.chip}`))} ${labels.get(key(s)) ?? s.labels.sensor ?? ''}`.trim();
    n.temperatures.push({ label, kind: sensorKind(label), celsius: s.value, ...(crit !== undefined ? { crit } : {}) });
  }
  // A thermal zone usually repeats a hwmon chip (acpitz, x86_pkg_temp): kept only when no chip of that name reported.
  const prefix = (label: string): string => label.split(/[-_\s]/)[0];
  const hwmonChips = new Map([...nodes.values()].map((n) => [n, new Set(n.temperatures.map((r) => prefix(r.label)))]));
  for (const { node, reading } of zones) if (!hwmonChips.get(node)?.has(prefix(reading.label))) node.temperatures.push(reading);
}

export interface CheckContext {
  /** Source id (`metrics`). */
  source: string;
  observedAt: string;
  /** Where the figures came from, for the detail line (no credentials). */
  server: string;
}

/** The lines that say where the limits of a temperature check are and what each sensor read (the SSH probe says the same). */
export function temperatureDetail(readings: readonly Temperature[], t: Thresholds): Msg[] {
  return [...readings.map((r) => part('host.tempReading', { sensor: r.label, celsius: r.celsius.toFixed(1) })), part('host.tempLimits', { warn: t.tempWarn, crit: t.tempCrit })];
}

/** Health checks for one node, in the same shape and with the same limits as the SSH probes. */
export function nodeChecks(n: MetricsNode, t: Thresholds, ctx: CheckContext): Check[] {
  const from = part('metrics.from', { server: ctx.server, instance: n.instance });
  const check = (probe: string, status: Status, said: Said, ...detail: Msg[]): Check => ({
    id: `${ctx.source}:host:${n.name}:${probe}`,
    source: ctx.source,
    target: `host:${n.name}`,
    status,
    ...said,
    ...detailLines(...detail, from),
    observedAt: ctx.observedAt,
  });
  if (!n.up) return [check('up', 'crit', msg('metrics.down', { host: n.name }), part('metrics.downDetail'))];
  const out: Check[] = [check('up', 'ok', msg('metrics.up', { host: n.name, booted: n.uptimeSeconds !== null ? part('metrics.booted', { uptime: n.uptimeSeconds }) : '' }))];

  if (!n.load) out.push(check('load', 'unknown', msg('metrics.loadMissing', { host: n.name })));
  else {
    const shown = n.load.map((l) => l.toFixed(2)).join(' ');
    if (!n.cores) out.push(check('load', 'unknown', msg('host.loadNoCores', { host: n.name, load: shown })));
    else {
      const perCore = n.load[1] / n.cores;
      const s = grade(perCore, t.loadPerCoreWarn, t.loadPerCoreCrit);
      out.push(check('load', s, msg('host.load', { host: n.name, load: shown, cores: n.cores, perCore: s === 'ok' ? '' : part('host.loadPerCore', { perCore: perCore.toFixed(1) }) }), part('host.loadLimits', { warn: t.loadPerCoreWarn, crit: t.loadPerCoreCrit })));
    }
  }

  if (n.memTotal && n.memAvailable !== null) {
    const used = Math.max(0, n.memTotal - n.memAvailable);
    const pct = (used / n.memTotal) * 100;
    out.push(check('memory', grade(pct, t.memWarn, t.memCrit), msg('host.memory', { host: n.name, pct: pct.toFixed(0), used: formatBytes(used), total: formatBytes(n.memTotal) }), part('host.memoryLimits', { warn: t.memWarn, crit: t.memCrit })));
  } else out.push(check('memory', 'unknown', msg('metrics.memoryMissing', { host: n.name })));
  if (n.swapTotal && n.swapFree !== null) {
    const used = Math.max(0, n.swapTotal - n.swapFree);
    const pct = (used / n.swapTotal) * 100;
    out.push(check('swap', grade(pct, t.swapWarn, t.swapCrit), msg('host.swap', { host: n.name, pct: pct.toFixed(0), used: formatBytes(used), total: formatBytes(n.swapTotal) }), part('host.limits', { warn: t.swapWarn, crit: t.swapCrit })));
  }

  if (!n.filesystems.length) out.push(check('disk', 'unknown', msg('metrics.noFilesystems', { host: n.name })));
  for (const fs of n.filesystems) {
    const limits = part('host.diskLimits', { device: fs.device, fstype: fs.fstype, warn: t.diskWarn, crit: t.diskCrit });
    out.push(check(`disk:${fs.mount}`, grade(fs.percent, t.diskWarn, t.diskCrit), msg('host.disk', { host: n.name, mount: fs.mount, pct: Math.ceil(fs.percent), free: formatBytes(fs.avail), size: formatBytes(fs.size) }), limits));
  }

  if (!n.temperatures.length) out.push(check('temperature', 'unknown', msg('metrics.noTemperatures', { host: n.name })));
  else {
    const judge = (r: Temperature): Status => (r.celsius >= t.tempCrit || (r.crit !== undefined && r.celsius >= r.crit) ? 'crit' : r.celsius >= t.tempWarn ? 'warn' : 'ok');
    const hottest = n.temperatures.reduce((a, b) => (b.celsius > a.celsius ? b : a));
    out.push(check('temperature', judge(hottest), msg('host.temperature', { host: n.name, sensor: hottest.label, celsius: hottest.celsius.toFixed(0) }), ...temperatureDetail(n.temperatures, t)));
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
      ...(cfg?.links?.length ? { links: cfg.links } : {}),
      temperatures: n.up && n.temperatures.length ? temperaturesOf(n, ctx) : null,
    };
  });
}

function temperaturesOf(n: MetricsNode, ctx: CheckContext): Temperatures {
  return { readings: n.temperatures, origin: { via: 'metrics', server: ctx.server, instance: n.instance, host: n.name, observedAt: ctx.observedAt } };
}
