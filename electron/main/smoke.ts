import { app } from 'electron';
import type { Snapshot } from '../../shared/snapshot';
import type { Logger } from '../core/logger';
import type { ShellLab } from './lab-port';
import type { TrayController } from './tray-controller';

/** How long the demo lab may take to answer its first poll on a slow CI runner. */
const SMOKE_LIMIT_MS = 120_000;

/**
 * `--smoke`, the release build's check: once the demo lab has answered (a
 * snapshot that is not the stale cache) and the tray shows its menu, logs
 * one line with the version (the log echoes it to the terminal) and stops with 0; otherwise 1 after the limit.
 */
export function smoke(lab: Pick<ShellLab, 'on' | 'snapshot'>, tray: Pick<TrayController, 'model'>, log: Logger, stop: (code: number) => void): void {
  const started = Date.now();
  // Every source read in this run (not the cache of the last one) and none failed.
  const answered = (snap: Snapshot): boolean => snap.sources.length > 0 && snap.sources.every((s) => !s.stale && s.lastAttemptAt !== null && Date.parse(s.lastAttemptAt) >= started - 1_000);
  let done = false;
  const finish = (code: number, line: string): void => {
    if (done) return;
    done = true;
    off();
    clearTimeout(timer);
    if (code === 0) log.info(line);
    else log.error(line);
    stop(code);
  };
  const check = (snap: Snapshot): void => {
    const items = tray.model?.items.length ?? 0;
    if (snap.demo && answered(snap) && items > 0) finish(0, `LabTray ${app.getVersion()} smoke test passed: every source of the demo lab answered and the tray menu has ${items} items`);
  };
  const off = lab.on('snapshot', check);
  const timer = setTimeout(() => finish(1, `LabTray ${app.getVersion()} smoke test failed: no live snapshot of the demo lab within ${SMOKE_LIMIT_MS / 1000} s`), SMOKE_LIMIT_MS);
  check(lab.snapshot);
}
