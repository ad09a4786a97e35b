/**
 * Three weeks of the demo lab's backups before the simulator started: the nightly job's archives and task logs for
 * the guests it covers, and home-assistant's weekly manual backups, so a guest's panel has a history of sizes and
 * durations. Sizes drift slowly and vary a little night to night; two runs stand out as a real lab's would:
 * docker-compose's backup five nights ago took far longer (the NAS share was busy), and home-assistant's latest
 * archive is much smaller than the ones before (its recorder database was lost).
 */
import { addBackup } from './backup';
import { GiB, type PveCluster, type SimGuest } from './model';
import type { TaskRunner } from './tasks';

/** The nightly job's guests and their newest archive size (bytes), as homelab.ts lists them. */
const NIGHTLY: [number, number][] = [
  [100, 412 * 1024 ** 2],
  [102, 9.7 * GiB],
  [103, 3.4 * GiB],
  [104, 3.6 * GiB],
  [105, 3.5 * GiB],
  [110, 1.9 * GiB],
];
const NIGHTS = 21;
/** Seconds a guest's backup takes: about 25 s per GiB of archive and a fixed part for the snapshot and the notes. */
const secondsFor = (size: number, wobble: number): number => Math.round((20 + (size / GiB) * 25) * wobble);
/** A small deterministic variation in [1 - span, 1 + span] from a seed. */
const vary = (seed: number, span: number): number => 1 + span * Math.sin(seed * 12.9898 + 78.233);
const hms = (s: number): string => new Date(s * 1000).toISOString().slice(11, 19);

/** The log lines vzdump writes for one guest, with the duration in its Finished line. */
function guestLines(g: SimGuest, secs: number, size: number): string[] {
  return [
    `INFO: Starting Backup of VM ${g.vmid} (${g.type})`,
    `INFO: backup mode: snapshot`,
    `INFO: archive file size: ${(size / 1024 ** 2).toFixed(0)}MB`,
    `INFO: Finished Backup of VM ${g.vmid} (${hms(secs)})`,
  ];
}

/** Adds the archives and the vzdump tasks of the weeks before `t` (unix seconds); the newest night's archives are homelab.ts's own. */
export function seedBackupHistory(sim: PveCluster, runner: TaskRunner, t: number): void {
  for (let night = 1; night <= NIGHTS; night++) {
    // The job starts at 02:30 each night; the newest night's archives carry homelab.ts's time (30 h ago).
    const start = t - 30 * 3600 - (night - 1) * 86400 - 120;
    let at = start;
    const log = [`INFO: starting new backup job: vzdump ${NIGHTLY.map(([v]) => v).join(' ')} --storage usb-backup --mode snapshot --compress zstd --notes-template '{{guestname}}' --mailnotification failure`];
    for (const [vmid, newest] of NIGHTLY) {
      const g = sim.guests.get(vmid);
      if (!g) continue;
      // Older archives were a little smaller: about 0.4 % growth a night, ±3 % noise.
      const size = night === 1 ? newest : newest * (1 - 0.004 * night) * vary(vmid * 31 + night, 0.03);
      const slow = vmid === 102 && night === 5 ? 2.6 : 1;
      const secs = secondsFor(size, vary(vmid * 7 + night, 0.08) * slow);
      // homelab.ts's own older archives (openwrt's protected one) stand for that night's run.
      const listed = sim.backups.some((b) => b.vmid === vmid && Math.abs(b.ctime - at) < 12 * 3600);
      if (night > 1 && !listed) addBackup(sim, g, 'usb-backup', 'um560', at + 5, size, 'zstd', g.name, false);
      log.push(...guestLines(g, secs, size));
      at += secs;
    }
    log.push('INFO: Backup job finished successfully');
    runner.recordFinished('um560', 'vzdump', '', 'root@pam', start, Math.max(180, at - start), 'OK', log);
  }
  const ha = sim.guests.get(111);
  if (!ha) return;
  // home-assistant: a manual backup each week; the newest (homelab.ts, 200 h ago, 3.1 GiB) is much smaller than these.
  for (let week = 0; week <= 3; week++) {
    const ctime = t - 200 * 3600 - week * 7 * 86400;
    const size = week === 0 ? 3.1 * GiB : (6.9 - 0.12 * week) * GiB;
    if (week > 0) addBackup(sim, ha, 'usb-backup', 'um560', ctime, size, 'zstd', ha.name, false);
    const secs = secondsFor(size, vary(111 + week, 0.06));
    runner.recordFinished('s500plus', 'vzdump', '111', 'root@pam', ctime - 5, secs + 10, 'OK', [`INFO: starting new backup job: vzdump 111 --storage usb-backup --mode snapshot --compress zstd --node s500plus`, ...guestLines(ha, secs, size), 'INFO: Backup job finished successfully']);
  }
}
