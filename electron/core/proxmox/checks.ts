import type { BackupJob, BackupVolume, Guest, ProxmoxCluster } from '../../../shared/proxmox';
import type { Check, Status } from '../../../shared/status';

export interface FreshnessLimits {
  warnAfterHours: number;
  critAfterHours: number;
}

export const defaultFreshness: FreshnessLimits = { warnAfterHours: 7 * 24, critAfterHours: 14 * 24 };

/** Health findings for one cluster: quorum, nodes, guests that cannot be seen, storage, disks, backups. */
export function clusterChecks(sourceId: string, c: ProxmoxCluster, observedAt: string, opts: { freshness?: FreshnessLimits; backupsKnown?: boolean; extra?: Check[] } = {}): Check[] {
  const out: Check[] = [];
  const base = `${sourceId}`;
  const check = (id: string, target: string, status: Status, summary: string, detail?: string): void => {
    out.push({ id: `${base}:${id}`, source: sourceId, target, status, summary, ...(detail ? { detail } : {}), observedAt });
  };
  if (c.quorate === false) check('quorum', `cluster:${c.name}`, 'crit', `${c.name}: cluster has lost quorum — guests cannot be started or changed`);
  for (const n of c.nodes) {
    if (n.status === 'online') {
      const memPct = n.mem !== null && n.maxmem ? n.mem / n.maxmem : null;
      if (memPct !== null && memPct > 0.95) check(`node:${n.name}`, `node:${n.name}`, 'warn', `${n.name}: memory ${Math.round(memPct * 100)}% used`);
      else check(`node:${n.name}`, `node:${n.name}`, 'ok', `${n.name} online`);
    } else {
      check(`node:${n.name}`, `node:${n.name}`, 'crit', `${n.name} is ${n.status}`, `guests on ${n.name}: ${c.guests.filter((g) => g.node === n.name).map((g) => `${g.vmid} ${g.name}`).join(', ') || 'none'}`);
    }
  }
  for (const g of c.guests) {
    if (g.status === 'unknown') check(`guest:${g.vmid}`, `guest:${c.name}/${g.vmid}`, 'warn', `${g.vmid} (${g.name}) on ${g.node}: state unknown (node unreachable?)`);
  }
  for (const s of c.storages) {
    const id = `storage:${s.node}:${s.storage}`;
    if (s.status !== 'available') {
      check(id, `storage:${s.node}/${s.storage}`, 'warn', `storage ${s.storage} on ${s.node} is ${s.status}`);
      continue;
    }
    const pct = s.disk !== null && s.maxdisk ? s.disk / s.maxdisk : null;
    if (pct !== null && pct >= 0.97) check(id, `storage:${s.node}/${s.storage}`, 'crit', `storage ${s.storage} on ${s.node} is ${Math.round(pct * 100)}% full`);
    else if (pct !== null && pct >= 0.9) check(id, `storage:${s.node}/${s.storage}`, 'warn', `storage ${s.storage} on ${s.node} is ${Math.round(pct * 100)}% full`);
  }
  for (const d of c.disks) {
    if (d.status === 'ok') continue;
    const what = `${d.node} ${d.devpath}${d.model ? ` (${d.model})` : ''}`;
    const summary =
      d.health && !/^(PASSED|OK|UNKNOWN)$/i.test(d.health)
        ? `${what}: SMART health ${d.health} — back up the guests on ${d.node} now and replace the disk`
        : d.wearout !== null && d.status !== 'unknown'
          ? `${what}: only ${d.wearout}% of its rated life left — plan a replacement and check backups`
          : `${what}: SMART health unknown`;
    check(`disk:${d.node}:${d.devpath}`, `node:${d.node}`, d.status, summary, `health ${d.health ?? 'n/a'}, wearout ${d.wearout ?? 'n/a'}`);
  }
  if (opts.backupsKnown) out.push(...freshnessChecks(sourceId, c, observedAt, opts.freshness ?? defaultFreshness));
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

/** The newest backup of each guest. */
export function newestBackups(backups: readonly BackupVolume[]): Map<number, BackupVolume> {
  const m = new Map<number, BackupVolume>();
  for (const b of backups) {
    const cur = m.get(b.vmid);
    if (!cur || b.ctime > cur.ctime) m.set(b.vmid, b);
  }
  return m;
}

/** One check per guest (templates aside): age of its newest backup against the limits. */
export function freshnessChecks(sourceId: string, c: ProxmoxCluster, observedAt: string, limits: FreshnessLimits): Check[] {
  const now = Date.parse(observedAt) / 1000;
  const newest = newestBackups(c.backups);
  const out: Check[] = [];
  for (const g of c.guests) {
    if (g.template) continue;
    const b = newest.get(g.vmid);
    const job = coveringJob(g, c.backupJobs);
    const jobText = job ? `covered by job ${job.id} (${job.schedule}${job.nextRun ? `, next run ${new Date(job.nextRun * 1000).toISOString()}` : ''})` : 'no scheduled backup job covers it';
    const who = `${g.vmid} (${g.name})`;
    let status: Status;
    let summary: string;
    if (!b) {
      status = 'warn';
      summary = `${who} has never been backed up; ${jobText}`;
    } else {
      const hours = Math.max(0, (now - b.ctime) / 3600);
      const age = hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
      status = hours >= limits.critAfterHours ? 'crit' : hours >= limits.warnAfterHours ? 'warn' : 'ok';
      summary = status === 'ok' ? `${who}: last backup ${age} ago` : `${who}: last backup is ${age} old; ${jobText}`;
      if (b.verification === 'failed') {
        status = status === 'crit' ? 'crit' : 'warn';
        summary += ' (its verification failed)';
      }
    }
    out.push({
      id: `${sourceId}:backup:${g.vmid}`,
      source: sourceId,
      target: `guest:${c.name}/${g.vmid}`,
      status,
      summary,
      detail: b ? `${b.volid} on ${b.storage}, ${b.size ?? '?'} bytes${b.protected ? ', protected' : ''}${b.notes ? `, notes: ${b.notes}` : ''}` : jobText,
      observedAt,
    });
  }
  return out;
}
