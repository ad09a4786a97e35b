import { watch as fsWatch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { LabError } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Lab } from '../lab/lab';
import { parseConfig } from './load';

/** Starts watching a directory; calls back with the changed file's name (null when the OS does not say). */
export type DirWatcher = (dir: string, onEvent: (filename: string | null) => void, onError: (err: Error) => void) => { close(): void };

export interface ConfigWatchOptions {
  path: string;
  clock: Clock;
  /** Editors write in bursts (truncate, write, rename): wait this long after the last event. */
  debounceMs?: number;
  /** A new, valid config on disk. */
  onChange(config: LabConfig): void | Promise<void>;
  /** The file on disk cannot be used; null once it can again. */
  onProblem(error: LabError | null): void;
  log?: Logger;
  watchDir?: DirWatcher;
  read?: (path: string) => Promise<string>;
}

export interface ConfigWatcher {
  /** Reads the file now (also what a change event does after the debounce). */
  check(): Promise<void>;
  close(): void;
}

const nodeDirWatcher: DirWatcher = (dir, onEvent, onError) => {
  const w = fsWatch(dir, { persistent: false }, (_type, filename) => onEvent(filename === null ? null : String(filename)));
  w.on('error', onError);
  return w;
};

/**
 * Watches the config file. The directory is watched, not the file, so a save
 * by rename (ours, or an editor's) is seen too. A change that parses is passed
 * on; one that does not is reported and the old config stays in use.
 */
export async function watchConfig(opts: ConfigWatchOptions): Promise<ConfigWatcher> {
  const read = opts.read ?? ((p: string) => readFile(p, 'utf8'));
  const debounceMs = opts.debounceMs ?? 200;
  const name = basename(opts.path);
  let lastText: string | null = await read(opts.path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') opts.log?.warn(`${opts.path}: cannot read: ${err.message}`);
    return null;
  });
  let timer: unknown = null;
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  const checkNow = async (): Promise<void> => {
    let text: string;
    try {
      text = await read(opts.path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const what = e.code === 'ENOENT' ? 'the config file was removed' : `cannot read: ${e.message}`;
      opts.onProblem(new LabError('config', `${opts.path}: ${what}; still using the config loaded before`));
      return;
    }
    if (text === lastText) return;
    lastText = text;
    let config: LabConfig;
    try {
      config = parseConfig(text, opts.path);
    } catch (err) {
      opts.onProblem(err instanceof LabError ? err : new LabError('config', `${opts.path}: ${(err as Error).message}`));
      return;
    }
    opts.onProblem(null);
    await opts.onChange(config);
  };

  // One check at a time, in order, so a slow apply never races a newer file.
  const check = (): Promise<void> => {
    running = running.then(() => (closed ? undefined : checkNow())).catch((err: unknown) => {
      opts.log?.error(`${opts.path}: applying the changed config failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    return running;
  };

  const watcher = (opts.watchDir ?? nodeDirWatcher)(
    dirname(opts.path),
    (filename) => {
      if (closed || (filename !== null && filename !== name)) return;
      opts.clock.clearTimeout(timer);
      timer = opts.clock.setTimeout(() => {
        timer = null;
        void check();
      }, debounceMs);
    },
    (err) => opts.log?.warn(`${dirname(opts.path)}: watching for config changes stopped: ${err.message}`),
  );

  return {
    check,
    close() {
      closed = true;
      opts.clock.clearTimeout(timer);
      watcher.close();
    },
  };
}

/** Keeps a running Lab on the config file: valid changes are applied, invalid ones shown as a warning. */
export function watchLabConfig(lab: Lab, path: string, clock: Clock, extra: Pick<ConfigWatchOptions, 'debounceMs' | 'log' | 'watchDir' | 'read'> = {}): Promise<ConfigWatcher> {
  return watchConfig({
    ...extra,
    path,
    clock,
    onProblem: (err) => lab.setConfigProblem(err ? err.message : null),
    onChange: async (config) => {
      // Our own saves come back through the watcher: nothing to rebuild then.
      if (JSON.stringify(config) === JSON.stringify(lab.currentConfig)) return;
      await lab.applyConfig(config);
    },
  });
}
