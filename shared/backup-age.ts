import type { Status } from './status';

/**
 * When a guest's newest backup is too old. The core judges every guest with the
 * configured limits (`backup.warnAfterHours` / `critAfterHours`); the window
 * uses the same rule for a guest the core has not judged yet.
 */
export interface BackupAgeLimits {
  warnAfterHours: number;
  critAfterHours: number;
}

/** A week is a warning, two weeks critical: the config's defaults. */
export const defaultBackupAgeLimits: Readonly<BackupAgeLimits> = Object.freeze({ warnAfterHours: 7 * 24, critAfterHours: 14 * 24 });

/** Whole hours since a backup made at `ctime` (epoch seconds); a clock running behind reads as 0, not negative. */
export function backupAgeHours(ctime: number, nowSeconds: number): number {
  return Math.round(Math.max(0, (nowSeconds - ctime) / 3600));
}

/** The status of a backup `hours` old (null: never backed up, a warning). A limit reached counts. */
export function backupAgeStatus(hours: number | null, limits: BackupAgeLimits = defaultBackupAgeLimits): Status {
  if (hours === null) return 'warn';
  return hours >= limits.critAfterHours ? 'crit' : hours >= limits.warnAfterHours ? 'warn' : 'ok';
}
