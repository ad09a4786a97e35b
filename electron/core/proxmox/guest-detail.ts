/**
 * A guest's whole story for its panel: what the last poll already knows
 * (state, tags, tasks, backups, jobs) joined with what only a per-guest read
 * tells (addresses from the guest agent or the container, config, snapshots).
 * Read on demand; a part PVE refuses becomes a gap with the reason, not a failure.
 */
import { LabError } from '../../../shared/api';
import { judgeBackups } from '../../../shared/backup-history';
import type { WebLink } from '../../../shared/config';
import type { AddressProblem, DetailGap, GuestAddress, GuestConfigSummary, GuestDetail, GuestDisk, GuestSnapshot, NextBackup } from '../../../shared/guest-detail';
import { pveConsoleUrl, type BackupJob, type Guest, type ProxmoxCluster } from '../../../shared/proxmox';
import type { BackupDurations } from './backup-durations';
import type { PveClient } from './client';
import { PveHttpError } from './errors';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

interface RawAddr {
  'ip-address'?: unknown;
  'ip-address-type'?: unknown;
  prefix?: unknown;
}

/** Addresses from the agent's `result` or a container's interface list; loopback and link-local left out. */
export function guestAddresses(ifaces: unknown): GuestAddress[] {
  const list = Array.isArray(ifaces) ? ifaces : [];
  const out: GuestAddress[] = [];
  for (const i of list as { name?: unknown; 'ip-addresses'?: unknown }[]) {
    const iface = str(i?.name) ?? '?';
    if (iface === 'lo') continue;
    for (const a of (Array.isArray(i['ip-addresses']) ? i['ip-addresses'] : []) as RawAddr[]) {
      const address = str(a['ip-address']);
      const family = a['ip-address-type'] === 'ipv6' ? 'ipv6' : a['ip-address-type'] === 'ipv4' ? 'ipv4' : null;
      if (!address || !family || /^127\.|^::1$|^fe80:/i.test(address)) continue;
      out.push({ iface, address, family, prefix: num(a.prefix) });
    }
  }
  return out;
}

const diskKey = /^(scsi|sata|ide|virtio|efidisk|tpmstate|mp)\d+$|^rootfs$/;

/** Cores, memory and disks from a guest's config (CD-ROMs left out). */
export function configSummary(cfg: unknown): GuestConfigSummary {
  const c = (cfg && typeof cfg === 'object' ? cfg : {}) as Record<string, unknown>;
  const disks: GuestDisk[] = [];
  for (const [key, v] of Object.entries(c)) {
    if (!diskKey.test(key) || typeof v !== 'string' || /media=cdrom/.test(v)) continue;
    disks.push({ key, volume: v.split(',')[0], size: /(?:^|,)size=([^,]+)/.exec(v)?.[1] ?? null });
  }
  disks.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  return { cores: num(c.cores), sockets: num(c.sockets), memoryMiB: num(c.memory), disks, ostype: str(c.ostype) };
}

/** A snapshot list without PVE's `current` pseudo-entry, oldest first. */
export function snapshotsOf(rows: unknown): GuestSnapshot[] {
  return (Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [])
    .filter((r) => r && typeof r.name === 'string' && r.name !== 'current')
    .map((r) => ({ name: r.name as string, description: str(r.description) ?? '', snaptime: num(r.snaptime), parent: str(r.parent) }))
    .sort((a, b) => (a.snaptime ?? 0) - (b.snaptime ?? 0));
}

/** The next run of a daily `HH:MM` schedule after `nowMs` (local time), or null for any other calendar event. */
export function nextDailyRun(schedule: string, nowMs: number): number | null {
  const m = /^(?:\*-\*-\*\s+|daily\s+)?(\d{1,2}):(\d{2})$/.exec(schedule.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const d = new Date(nowMs);
  d.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (d.getTime() <= nowMs) d.setDate(d.getDate() + 1);
  return Math.floor(d.getTime() / 1000);
}

/** The soonest enabled backup job that covers this guest. */
export function nextBackupOf(jobs: BackupJob[], g: Pick<Guest, 'vmid' | 'node'>, nowMs: number): NextBackup | null {
  const covering = jobs.filter((j) => j.enabled && (j.node === null || j.node === g.node) && (j.vmids === 'all' ? !j.exclude.includes(g.vmid) : j.vmids.includes(g.vmid)));
  const next = covering.map((j) => ({ job: j.id, schedule: j.schedule, at: j.nextRun ?? nextDailyRun(j.schedule, nowMs) }));
  next.sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity));
  return next[0] ?? null;
}

/** Why PVE gave no answer, as a reason the window can say in the user's language. */
export function gapReason(err: unknown): AddressProblem | 'error' {
  if (err instanceof PveHttpError) {
    if (/guest agent is not running|No QEMU guest agent configured/i.test(err.reason)) return 'agent-not-running';
    if (/\bnot running\b/i.test(err.reason)) return 'guest-not-running';
    if (err.status === 403) return 'no-permission';
    if (err.status === 595 || err.status === 596) return 'unreachable';
    return 'error';
  }
  return 'unreachable';
}

/** How many backups a guest's panel judges and lists. */
export const BACKUP_HISTORY_LIMIT = 14;

export interface DetailInput {
  data: ProxmoxCluster | null;
  /** Reads the durations of a guest's backups from task logs (cached per cluster). */
  durations?: BackupDurations;
  vmid: number;
  links: WebLink[];
  nowMs: number;
  signal?: AbortSignal;
}

/** Reads the guest's addresses, config and snapshots at once and joins them with what the poll knows. */
export async function readGuestDetail(cluster: string, client: PveClient, input: DetailInput): Promise<GuestDetail> {
  const data = input.data;
  if (!data) throw new LabError('not-ready', `${cluster}: the cluster has not been read yet; try again in a moment`);
  const g = data.guests.find((x) => x.vmid === input.vmid);
  if (!g) throw new LabError('not-found', `${cluster}: no guest with vmid ${input.vmid}`);
  const base = `/nodes/${encodeURIComponent(g.node)}/${g.type}/${g.vmid}`;
  const get = (path: string): Promise<unknown> => client.request('GET', path, undefined, input.signal);
  const mine = data.backups.filter((b) => b.vmid === g.vmid);
  const history = input.durations
    ? input.durations.runs(client, data.tasks, mine, BACKUP_HISTORY_LIMIT, input.signal)
    : Promise.resolve(mine.map((b) => ({ volid: b.volid, storage: b.storage, ctime: b.ctime, size: b.size, durationS: null })));
  const [ifaces, cfg, snaps] = await Promise.allSettled([
    g.status === 'stopped' ? Promise.reject(new PveHttpError(500, `${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid} is not running`, 'GET', base)) : get(g.type === 'qemu' ? `${base}/agent/network-get-interfaces` : `${base}/interfaces`),
    get(`${base}/config`),
    get(`${base}/snapshot`),
  ]);
  const gaps: DetailGap[] = [];
  const settle = <T>(part: DetailGap['part'], r: PromiseSettledResult<unknown>, f: (v: unknown) => T): T | null => {
    if (r.status === 'fulfilled') return f(r.value);
    gaps.push({ part, reason: gapReason(r.reason), detail: r.reason instanceof PveHttpError ? r.reason.reason : String((r.reason as Error)?.message ?? r.reason) });
    return null;
  };
  return {
    cluster,
    vmid: g.vmid,
    name: g.name,
    node: g.node,
    type: g.type,
    status: g.status,
    uptime: g.uptime,
    tags: g.tags,
    addresses: settle('addresses', ifaces, (v) => guestAddresses(g.type === 'qemu' ? (v as { result?: unknown } | null)?.result : v)),
    config: settle('config', cfg, configSummary),
    snapshots: settle('snapshots', snaps, snapshotsOf),
    tasks: data.tasks
      .filter((t) => t.id === String(g.vmid))
      .sort((a, b) => b.starttime - a.starttime)
      .slice(0, 10),
    backups: data.backups
      .filter((b) => b.vmid === g.vmid)
      .sort((a, b) => b.ctime - a.ctime)
      .slice(0, 5),
    backupHistory: judgeBackups(await history).slice(0, BACKUP_HISTORY_LIMIT),
    nextBackup: nextBackupOf(data.backupJobs, g, input.nowMs),
    consoleUrl: data.endpoint ? pveConsoleUrl(data.endpoint, g) : null,
    links: input.links,
    gaps,
  };
}
