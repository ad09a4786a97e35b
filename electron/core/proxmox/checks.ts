import type { BackupJob, BackupVolume, Guest, ProxmoxCluster } from '../../../shared/proxmox';
import { detailLines, english, msg, part, quoted, type Msg, type Said } from '../../../shared/message';
import type { Check, Status } from '../../../shared/status';
import { backupAgeHours, backupAgeStatus, defaultBackupAgeLimits, type BackupAgeLimits } from '../../../shared/backup-age';
import { defaultThresholds } from '../ssh/probes/thresholds';
import { grade } from '../ssh/probes/types';

export type FreshnessLimits = BackupAgeLimits;
export const defaultFreshness: FreshnessLimits = defaultBackupAgeLimits;

/** Percent used at which a storage warns and is critical: the limits disks are judged by. */
export interface StorageLimits {
  warn: number;
  crit: number;
}
export const defaultStorageLimits: StorageLimits = { warn: defaultThresholds.diskWarn, crit: defaultThresholds.diskCrit };

/** Health findings for one cluster: quorum, nodes, guests that cannot be seen, storage, disks, backups. */
export function clusterChecks(
  sourceId: string,
  c: ProxmoxCluster,
  observedAt: string,
  opts: { freshness?: FreshnessLimits; storage?: StorageLimits; backupsKnown?: boolean; extra?: Check[]; freshnessMemo?: Map<number, FreshnessMemoEntry> } = {},
): Check[] {
  const out: Check[] = [];
  const base = `${sourceId}`;
  const check = (id: string, target: string, status: Status, said: Said, detail?: Said | string): void => {
    const d = typeof detail === 'string' ? { detail } : detail ? { detail: detail.summary, detailMsg: detail.msg } : {};
    out.push({ id: `${base}:${id}`, source: sourceId, target, status, ...said, ...d, observedAt });
  };
  if (c.quorate === false) check('quorum', `cluster:${c.name}`, 'crit', msg('pve.quorumLost', { cluster: c.name }));
  for (const n of c.nodes) {
    if (n.status === 'online') {
      const memPct = n.mem !== null && n.maxmem ? n.mem / n.maxmem : null;
      if (memPct !== null && memPct > 0.95) check(`node:${n.name}`, `node:${n.name}`, 'warn', msg('pve.nodeMemory', { node: n.name, pct: Math.round(memPct * 100) }));
      else check(`node:${n.name}`, `node:${n.name}`, 'ok', msg('pve.nodeOnline', { node: n.name }));
    } else {
      const on = c.guests.filter((g) => g.node === n.name).map((g) => `${g.vmid} ${g.name}`);
      const guests = on.length ? msg('pve.nodeGuests', { node: n.name, guests: on }) : msg('pve.nodeNoGuests', { node: n.name });
      check(`node:${n.name}`, `node:${n.name}`, 'crit', n.status === 'offline' ? msg('pve.nodeOffline', { node: n.name }) : msg('pve.nodeStatus', { node: n.name, status: n.status }), guests);
    }
  }
  for (const g of c.guests) {
    if (g.status === 'unknown') check(`guest:${g.vmid}`, `guest:${c.name}/${g.vmid}`, 'warn', msg('pve.guestUnknown', { vmid: g.vmid, name: g.name, node: g.node }));
  }
  const limits = opts.storage ?? defaultStorageLimits;
  for (const s of c.storages) {
    const id = `storage:${s.node}:${s.storage}`;
    if (s.status !== 'available') {
      check(id, `storage:${s.node}/${s.storage}`, 'warn', msg('pve.storageStatus', { storage: s.storage, node: s.node, status: s.status }));
      continue;
    }
    if (s.disk === null || !s.maxdisk) continue;
    // Rounded up, as the disk probes do: 84.2 % used is 85 % full.
    const pct = Math.ceil((s.disk / s.maxdisk) * 100);
    const status = grade(pct, limits.warn, limits.crit);
    const params = { storage: s.storage, node: s.node, pct, used: s.disk, size: s.maxdisk };
    check(id, `storage:${s.node}/${s.storage}`, status, msg(status === 'ok' ? 'pve.storageUsed' : 'pve.storageFull', params), msg('pve.storageLimits', { warn: limits.warn, crit: limits.crit }));
  }
  for (const d of c.disks) {
    if (d.status === 'ok') continue;
    const what = `${d.node} ${d.devpath}${d.model ? ` (${d.model})` : ''}`;
    const said =
      d.health && !/^(PASSED|OK|UNKNOWN)$/i.test(d.health)
        ? msg('pve.diskSmartFailed', { disk: what, health: d.health, node: d.node })
        : d.wearout !== null && d.status !== 'unknown'
          ? msg('pve.diskWear', { disk: what, left: d.wearout })
          : msg('pve.diskSmartUnknown', { disk: what });
    check(`disk:${d.node}:${d.devpath}`, `node:${d.node}`, d.status, said, msg('pve.diskDetail', { health: d.health ?? '–', wearout: d.wearout ?? '–' }));
  }
  if (opts.backupsKnown) out.push(...freshnessChecks(sourceId, c, observedAt, opts.freshness ?? defaultFreshness, opts.freshnessMemo));
  if (opts.extra) out.push(...opts.extra);
  return out;
}

/** The enabled job that covers a guest, if any. */
export function coveringJob(g: Guest, jobs: readonly BackupJob[]): BackupJob | null {
  for (const j of jobs) {
    if (!j.enabled) continue;
    if (j.node && j.node !== g.node) continue;
    if (j.vmids === 'all' ? !j.exclude.includes(g.vmid) : j.vmids.includes(g.vmid)) return j;
  }
  return null;
}

/** The enabled all-guests job that leaves this guest out on purpose (its `exclude` list), if any. */
export function excludingJob(g: Guest, jobs: readonly BackupJob[]): BackupJob | null {
  return jobs.find((j) => j.enabled && j.vmids === 'all' && (!j.node || j.node === g.node) && j.exclude.includes(g.vmid)) ?? null;
}

/** The newest backup of each guest. */
export function newestBackups(backups: readonly BackupVolume[]): Map<number, BackupVolume> {
  const m = new Map<number, BackupVolume>();
  for (const b of backups) {
    const cur = m.get(b.vmid);
    if (!cur || b.ctime > cur.ctime) m.set(b.vmid, b);
  }
  return m;
}

/** A guest's last freshness finding and what it was derived from (see freshnessChecks). */
export interface FreshnessMemoEntry {
  name: string;
  backup: BackupVolume | undefined;
  job: BackupJob | null;
  hours: number;
  check: Omit<Check, 'observedAt'>;
}

/**
 * One check per guest (templates aside): age of its newest backup against the
 * limits. With `memo`, a guest whose backup, job and age in whole hours are
 * what they were reuses its finding instead of saying it again: a poll of
 * 1,000 guests then builds no sentences.
 */
export function freshnessChecks(sourceId: string, c: ProxmoxCluster, observedAt: string, limits: FreshnessLimits, memo?: Map<number, FreshnessMemoEntry>): Check[] {
  const now = Date.parse(observedAt) / 1000;
  const newest = newestBackups(c.backups);
  const out: Check[] = [];
  const seen = memo ? new Set<number>() : null;
  for (const g of c.guests) {
    if (g.template) continue;
    const b = newest.get(g.vmid);
    const job = coveringJob(g, c.backupJobs);
    const hours = b ? backupAgeHours(b.ctime, now) : -1;
    seen?.add(g.vmid);
    const known = memo?.get(g.vmid);
    if (known && known.name === g.name && known.backup === b && known.job === job && known.hours === hours) {
      out.push({ ...known.check, observedAt });
      continue;
    }
    const check = freshnessCheck(sourceId, c.name, g, b, job, hours, limits, c.backupJobs);
    memo?.set(g.vmid, { name: g.name, backup: b, job, hours, check });
    out.push({ ...check, observedAt });
  }
  if (memo && seen) for (const vmid of memo.keys()) if (!seen.has(vmid)) memo.delete(vmid);
  return out;
}

function freshnessCheck(sourceId: string, cluster: string, g: Guest, b: BackupVolume | undefined, job: BackupJob | null, hours: number, limits: FreshnessLimits, jobs: readonly BackupJob[]): Omit<Check, 'observedAt'> {
  const jobMsg: Msg = job
    ? job.nextRun
      ? part('pve.backupJobNext', { job: job.id, schedule: job.schedule, next: job.nextRun })
      : part('pve.backupJob', { job: job.id, schedule: job.schedule })
    : part('pve.backupNoJob');
  const who = `${g.vmid} (${g.name})`;
  let status: Status;
  let said: Said;
  const excluded = !b && !job ? excludingJob(g, jobs) : null;
  if (excluded) {
    // Left out of the all-guests job on purpose: the owner's choice, not a finding.
    status = 'ok';
    said = msg('pve.backupExcluded', { guest: who, job: excluded.id });
  } else if (!b) {
    // Nothing to restore at all is at least as bad as a backup past the critical age.
    status = 'crit';
    said = msg('pve.backupNever', { guest: who, job: jobMsg });
  } else {
    status = backupAgeStatus(hours, limits);
    const verify = b.verification === 'failed' ? part('pve.backupVerifyFailed') : '';
    said = status === 'ok' ? msg('pve.backupAge', { guest: who, age: hours, verify }) : msg('pve.backupOld', { guest: who, age: hours, job: jobMsg, verify });
    if (b.verification === 'failed') status = status === 'crit' ? 'crit' : 'warn';
  }
  return {
    id: `${sourceId}:backup:${g.vmid}`,
    source: sourceId,
    target: `guest:${cluster}/${g.vmid}`,
    status,
    ...said,
    ...(b ? backupDetail(b) : { detail: english(jobMsg), detailMsg: jobMsg }),
  };
}

/** Which archive, where, how large, and its notes (the owner's own words, quoted as written). */
function backupDetail(b: BackupVolume): { detail: string; detailMsg: Msg } {
  return detailLines(
    part('pve.backupDetail', {
      volid: b.volid,
      storage: b.storage,
      size: b.size ?? '–',
      protected: b.protected ? part('pve.backupProtected') : '',
      notes: b.notes ? part('pve.backupNotes', { notes: quoted(b.notes) }) : '',
    }),
  );
}
