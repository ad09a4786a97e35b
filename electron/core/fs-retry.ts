import { renameSync } from 'node:fs';
import { rename } from 'node:fs/promises';

/**
 * Codes Windows returns while an antivirus scanner or the search indexer briefly
 * holds a freshly written file: the rename succeeds once they let go.
 */
const TRANSIENT = new Set(['EPERM', 'EACCES', 'EBUSY']);

export interface RenameRetry {
  /** Waits before each retry, in ms; the total is the longest a save waits. */
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/** About four seconds in all: longer than a scanner usually holds a file, short enough to report. */
export const RENAME_DELAYS_MS: readonly number[] = [50, 100, 200, 400, 800, 1200, 1250];
/** The synchronous variant blocks its thread, so it waits far less (the cache is only a cache). */
export const RENAME_SYNC_DELAYS_MS: readonly number[] = [20, 40, 80];

function transient(err: unknown): boolean {
  return TRANSIENT.has((err as NodeJS.ErrnoException).code ?? '');
}

function gaveUp(err: unknown, tries: number, waited: number): Error {
  const e = err as NodeJS.ErrnoException;
  e.message += ` (still locked after ${tries} tries over ${waited} ms: another program, such as an antivirus scanner, holds the file)`;
  return e;
}

/** rename(), retried with a bounded backoff while the target or source is transiently locked (Windows). */
export async function renameWithRetry(
  from: string, to: string, renameFn: (a: string, b: string) => Promise<void> = rename, opts: RenameRetry = {},
): Promise<void> {
  const delays = opts.delaysMs ?? RENAME_DELAYS_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      await renameFn(from, to);
      return;
    } catch (err) {
      if (!transient(err)) throw err;
      if (attempt >= delays.length) throw gaveUp(err, attempt + 1, waited);
      await sleep(delays[attempt]);
      waited += delays[attempt];
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** renameSync(), retried briefly while the file is transiently locked. */
export function renameSyncWithRetry(
  from: string, to: string, renameFn: (a: string, b: string) => void = renameSync,
  opts: { delaysMs?: readonly number[]; sleep?: (ms: number) => void } = {},
): void {
  const delays = opts.delaysMs ?? RENAME_SYNC_DELAYS_MS;
  const sleep = opts.sleep ?? sleepSync;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      renameFn(from, to);
      return;
    } catch (err) {
      if (!transient(err)) throw err;
      if (attempt >= delays.length) throw gaveUp(err, attempt + 1, waited);
      sleep(delays[attempt]);
      waited += delays[attempt];
    }
  }
}
