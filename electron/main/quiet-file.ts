import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { renameSyncWithRetry } from '../core/fs-retry';
import { noQuiet, parseQuietState, serializeQuietState, type QuietState } from '../../shared/quiet';
import type { Logger } from '../core/logger';

/** Quiet mode kept across restarts in a small file (userData/quiet.json). */
export class QuietFile {
  constructor(
    private readonly path: string,
    private readonly log: Logger,
  ) {}

  load(now: number): QuietState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`${this.path}: cannot read quiet mode: ${(err as Error).message}`);
      return noQuiet;
    }
    return parseQuietState(text, now);
  }

  save(state: QuietState): void {
    const tmp = `${this.path}.tmp`;
    try {
      writeFileSync(tmp, serializeQuietState(state), { mode: 0o600 });
      renameSyncWithRetry(tmp, this.path);
    } catch (err) {
      rmSync(tmp, { force: true });
      this.log.warn(`${this.path}: cannot save quiet mode (it will not survive a restart): ${(err as Error).message}`);
    }
  }
}
