/**
 * How long each of a guest's backups took, from the vzdump task that made it: the task whose run covers the
 * archive's time, and in its log the guest's "Finished Backup of VM … (HH:MM:SS)" line. A finished task's log never
 * changes, so each is read once per cluster; a log that cannot be read leaves that backup's duration unknown.
 */
import type { BackupRun } from '../../../shared/backup-history';
import type { BackupVolume, PveTaskSummary } from '../../../shared/proxmox';
import type { PveClient } from './client';
import { parseVzdumpLog } from './vzdump-log';

/** An archive is written while its task runs; allow for clocks and rounding at both ends. */
const SLACK_S = 60;
/** At most this many task logs are read for one panel. */
const MAX_LOG_READS = 16;

export function taskOf(tasks: readonly PveTaskSummary[], b: BackupVolume): PveTaskSummary | undefined {
  return tasks.find((t) => t.type === 'vzdump' && t.endtime !== null && (t.id === '' || t.id === String(b.vmid)) && b.ctime >= t.starttime - SLACK_S && b.ctime <= t.endtime + SLACK_S);
}

export class BackupDurations {
  private readonly byTask = new Map<string, Map<number, number>>();
  /** Task logs read so far (for tests and the bench). */
  logReads = 0;

  /** The guest's backups, newest first (at most `limit`), each with its duration where a task log tells it. */
  async runs(client: PveClient, tasks: readonly PveTaskSummary[], backups: readonly BackupVolume[], limit: number, signal?: AbortSignal): Promise<BackupRun[]> {
    const chosen = [...backups].sort((a, b) => b.ctime - a.ctime).slice(0, limit);
    const wanted = new Map<string, PveTaskSummary>();
    for (const b of chosen) {
      const t = taskOf(tasks, b);
      if (t && !this.byTask.has(t.upid)) wanted.set(t.upid, t);
    }
    await Promise.allSettled(
      [...wanted.values()].slice(0, MAX_LOG_READS).map(async (t) => {
        this.logReads++;
        const lines = (await client.request('GET', `/nodes/${encodeURIComponent(t.node)}/tasks/${encodeURIComponent(t.upid)}/log`, { start: 0, limit: 5000 }, signal)) as { t?: unknown }[];
        const p = parseVzdumpLog((Array.isArray(lines) ? lines : []).flatMap((l) => (typeof l.t === 'string' ? [l.t] : [])));
        this.byTask.set(t.upid, new Map(p.guests.flatMap((g) => (g.seconds !== null && !g.error ? [[g.vmid, g.seconds] as [number, number]] : []))));
      }),
    );
    return chosen.map((b) => {
      const t = taskOf(tasks, b);
      return { volid: b.volid, storage: b.storage, ctime: b.ctime, size: b.size, durationS: (t && this.byTask.get(t.upid)?.get(b.vmid)) ?? null };
    });
  }
}
