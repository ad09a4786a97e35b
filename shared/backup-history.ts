/**
 * A guest's backups over time, each judged against the ones before it: an archive less than half the usual size,
 * or a run that took at least twice the usual time, stands out with the reason. "Usual" is the median of the up
 * to BASELINE_WINDOW earlier backups that have the value; fewer than BASELINE_MIN of them judges nothing.
 */

/** One backup as the panel shows it: its archive and, when a task log told it, how long it took. */
export interface BackupRun {
  volid: string;
  storage: string;
  /** Unix seconds. */
  ctime: number;
  size: number | null;
  /** Seconds, from vzdump's "Finished Backup of VM … (HH:MM:SS)" line; null when no task log covers it. */
  durationS: number | null;
}

export type BackupOddity =
  /** Smaller than half the usual size: something inside the guest may have been lost, or the backup left it out. */
  | { kind: 'shrank'; usual: number; ratio: number }
  /** At least twice the usual time: the storage or the network was slow, or the guest grew. */
  | { kind: 'slow'; usual: number; ratio: number };

export interface JudgedBackup extends BackupRun {
  oddities: BackupOddity[];
}

export const BASELINE_WINDOW = 7;
export const BASELINE_MIN = 3;
/** Below this share of the usual size a backup "shrank". */
export const SHRINK_BELOW = 0.5;
/** At or above this multiple of the usual time a backup was "slow". */
export const SLOW_AT = 2;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The usual value before index `i` (oldest first), or null when too few earlier backups have it. */
function usualBefore(runs: readonly BackupRun[], i: number, pick: (r: BackupRun) => number | null): number | null {
  const earlier: number[] = [];
  for (let j = i - 1; j >= 0 && earlier.length < BASELINE_WINDOW; j--) {
    const v = pick(runs[j]);
    if (v !== null && v > 0) earlier.push(v);
  }
  return earlier.length >= BASELINE_MIN ? median(earlier) : null;
}

/** Judges each backup against those before it; answers newest first. */
export function judgeBackups(runs: readonly BackupRun[]): JudgedBackup[] {
  const sorted = [...runs].sort((a, b) => a.ctime - b.ctime);
  const out = sorted.map((r, i): JudgedBackup => {
    const oddities: BackupOddity[] = [];
    const size = usualBefore(sorted, i, (x) => x.size);
    if (size !== null && r.size !== null && r.size < size * SHRINK_BELOW) oddities.push({ kind: 'shrank', usual: size, ratio: r.size / size });
    const time = usualBefore(sorted, i, (x) => x.durationS);
    if (time !== null && r.durationS !== null && r.durationS >= time * SLOW_AT) oddities.push({ kind: 'slow', usual: time, ratio: r.durationS / time });
    return { ...r, oddities };
  });
  return out.reverse();
}
