import type { BackupJob, BackupVolume, Guest, GuestStatus, PveDisk, PveNode, PveNodeDetail, PveStorage, PveTaskSummary } from '../../../shared/proxmox';
import type { Status } from '../../../shared/status';
import { parseUpid } from '../../../shared/upid';

// Tolerant readers of PVE's JSON: real servers send numbers as strings
// ("wearout": "97", "loadavg": ["0.00"]), 0/1 for booleans, and omit fields.

type Obj = Record<string, unknown>;

function items(data: unknown, what: string): Obj[] {
  if (!Array.isArray(data)) throw new Error(`${what}: expected a list, got ${data === null ? 'null' : typeof data}`);
  return data.filter((x): x is Obj => !!x && typeof x === 'object');
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** The load and size figures /cluster/resources gives nodes and guests alike. */
function usage(r: Record<string, unknown>): Pick<Guest, 'cpu' | 'maxcpu' | 'mem' | 'maxmem' | 'disk' | 'maxdisk' | 'uptime'> {
  return { cpu: num(r.cpu), maxcpu: num(r.maxcpu), mem: num(r.mem), maxmem: num(r.maxmem), disk: num(r.disk), maxdisk: num(r.maxdisk), uptime: num(r.uptime) };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

function guestStatus(status: unknown, lock: string | null): GuestStatus {
  if (lock === 'suspended') return 'suspended';
  switch (status) {
    case 'running':
    case 'stopped':
    case 'paused':
    case 'suspended':
      return status;
    default:
      return 'unknown';
  }
}

/** PVE's semicolon (or comma/space) separated tag string → tags. */
export function parseTags(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  return v
    .split(/[;,\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export interface ResourcesParsed {
  nodes: PveNode[];
  guests: Guest[];
  storages: PveStorage[];
}

/** `GET /cluster/resources`: every node, guest and storage in one list. */
export function parseResources(data: unknown): ResourcesParsed {
  const nodes: PveNode[] = [];
  const guests: Guest[] = [];
  const storages: PveStorage[] = [];
  for (const r of items(data, '/cluster/resources')) {
    const type = r.type;
    if (type === 'node') {
      const status = r.status === 'online' ? 'online' : r.status === 'offline' ? 'offline' : 'unknown';
      nodes.push({
        name: str(r.node) ?? str(r.name) ?? String(r.id),
        status,
        ...usage(r),
        detail: null,
      });
    } else if (type === 'qemu' || type === 'lxc') {
      const vmid = num(r.vmid) ?? num(String(r.id ?? '').split('/')[1]);
      if (vmid === null) continue;
      const lock = str(r.lock);
      guests.push({
        vmid,
        name: str(r.name) ?? `${type === 'qemu' ? 'VM' : 'CT'} ${vmid}`,
        type,
        node: str(r.node) ?? 'unknown',
        status: guestStatus(r.status, lock),
        ...usage(r),
        tags: parseTags(r.tags),
        template: bool(r.template),
        hastate: str(r.hastate),
        lock,
      });
    } else if (type === 'storage') {
      storages.push({
        storage: str(r.storage) ?? String(r.id),
        node: str(r.node) ?? 'unknown',
        type: str(r.plugintype),
        content: typeof r.content === 'string' ? r.content.split(',').filter(Boolean) : [],
        status: r.status === 'available' ? 'available' : r.status === 'unknown' ? 'unknown' : 'unavailable',
        disk: num(r.disk),
        maxdisk: num(r.maxdisk),
        shared: bool(r.shared),
      });
    }
  }
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  guests.sort((a, b) => a.vmid - b.vmid);
  return { nodes, guests, storages };
}

export interface ClusterStatusParsed {
  clusterName: string | null;
  quorate: boolean | null;
  /** Node name → online, from corosync's view. */
  online: Map<string, boolean>;
  /** Node name → its cluster address (`ip`), when given. */
  addresses: Map<string, string>;
}

/** `GET /cluster/status`: quorum and node membership. */
export function parseClusterStatus(data: unknown): ClusterStatusParsed {
  let clusterName: string | null = null;
  let quorate: boolean | null = null;
  const online = new Map<string, boolean>();
  const addresses = new Map<string, string>();
  for (const r of items(data, '/cluster/status')) {
    if (r.type === 'cluster') {
      clusterName = str(r.name);
      quorate = bool(r.quorate);
    } else if (r.type === 'node' && typeof r.name === 'string') {
      online.set(r.name, bool(r.online));
      const ip = str(r.ip);
      if (ip) addresses.set(r.name, ip);
    }
  }
  // A standalone node has no cluster entry: it is trivially quorate.
  if (quorate === null && online.size > 0) quorate = true;
  return { clusterName, quorate, online, addresses };
}

/** `GET /nodes/{node}/status`. */
export function parseNodeStatus(data: unknown): PveNodeDetail {
  const d = (data && typeof data === 'object' ? data : {}) as Obj;
  const cpuinfo = (d.cpuinfo ?? {}) as Obj;
  const swap = (d.swap ?? {}) as Obj;
  const rootfs = (d.rootfs ?? {}) as Obj;
  const load = Array.isArray(d.loadavg) ? d.loadavg.map((x) => num(x) ?? 0) : [];
  return {
    loadavg: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
    kernel: str(d.kversion) ?? str((d['current-kernel'] as Obj | undefined)?.release) ?? '',
    pveVersion: str(d.pveversion) ?? '',
    cpuModel: str(cpuinfo.model) ?? '',
    cpus: num(cpuinfo.cpus) ?? 0,
    swapUsed: num(swap.used) ?? 0,
    swapTotal: num(swap.total) ?? 0,
    rootfsUsed: num(rootfs.used) ?? 0,
    rootfsTotal: num(rootfs.total) ?? 0,
  };
}

/** Wearout at or below these percentages of life left. */
export const WEAR_WARN = 20;
export const WEAR_CRIT = 10;

/** Health of one disk: SMART failing is crit; little life left is warn or crit. */
export function diskStatus(health: string | null, wearout: number | null): Status {
  const h = (health ?? '').toUpperCase();
  if (h && h !== 'PASSED' && h !== 'OK' && h !== 'UNKNOWN') return 'crit';
  if (wearout !== null) {
    if (wearout <= WEAR_CRIT) return 'crit';
    if (wearout <= WEAR_WARN) return 'warn';
  }
  if (h === 'UNKNOWN' || !h) return 'unknown';
  return 'ok';
}

/** `GET /nodes/{node}/disks/list`. */
export function parseDisks(node: string, data: unknown): PveDisk[] {
  return items(data, `/nodes/${node}/disks/list`).map((d) => {
    const health = str(d.health);
    const wearout = num(d.wearout);
    return {
      node,
      devpath: str(d.devpath) ?? '?',
      model: str(d.model),
      serial: str(d.serial),
      type: str(d.type),
      size: num(d.size),
      health,
      wearout,
      status: diskStatus(health, wearout),
    };
  });
}

/** `GET /cluster/tasks` (or `/nodes/{node}/tasks`). */
export function parseTasks(data: unknown): PveTaskSummary[] {
  const out: PveTaskSummary[] = [];
  for (const t of items(data, 'tasks')) {
    const upid = str(t.upid);
    if (!upid) continue;
    const p = parseUpid(upid);
    out.push({
      upid,
      node: str(t.node) ?? p?.node ?? '?',
      type: str(t.type) ?? p?.type ?? '?',
      id: str(t.id) ?? p?.id ?? '',
      user: str(t.user) ?? p?.user ?? '?',
      starttime: num(t.starttime) ?? p?.starttime ?? 0,
      endtime: num(t.endtime),
      // Finished tasks carry `status` (OK or the error); running ones do not, or say "running".
      status: t.status === 'running' ? null : str(t.status),
    });
  }
  return out.sort((a, b) => b.starttime - a.starttime);
}

/** `GET /nodes/{node}/storage/{storage}/content?content=backup`. */
export function parseBackupContent(storage: string, node: string, data: unknown): BackupVolume[] {
  const out: BackupVolume[] = [];
  for (const v of items(data, `/nodes/${node}/storage/${storage}/content`)) {
    const vmid = num(v.vmid);
    const volid = str(v.volid);
    if (vmid === null || !volid || (v.content !== undefined && v.content !== 'backup')) continue;
    const ver = v.verification as Obj | undefined;
    const state = ver && typeof ver === 'object' ? str(ver.state) : null;
    out.push({
      volid,
      storage,
      node,
      vmid,
      ctime: num(v.ctime) ?? 0,
      size: num(v.size),
      format: str(v.format),
      notes: str(v.notes),
      protected: bool(v.protected),
      verification: state === 'ok' ? 'ok' : state === 'failed' ? 'failed' : 'none',
    });
  }
  return out;
}

/** A job's `100,101,102`: VMIDs only (an empty piece of a hand-edited list is no guest 0). */
function vmidList(text: string): number[] {
  return text
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** `GET /cluster/backup`: the scheduled vzdump jobs. */
export function parseBackupJobs(data: unknown): BackupJob[] {
  return items(data, '/cluster/backup').map((j) => {
    const vmidText = str(j.vmid);
    return {
      id: str(j.id) ?? '?',
      enabled: j.enabled === undefined ? true : bool(j.enabled),
      schedule: str(j.schedule) ?? '',
      storage: str(j.storage),
      vmids: bool(j.all) || !vmidText ? 'all' : vmidList(vmidText),
      exclude: vmidList(str(j.exclude) ?? ''),
      node: str(j.node),
      mode: str(j.mode),
      nextRun: num(j['next-run']),
    };
  });
}
