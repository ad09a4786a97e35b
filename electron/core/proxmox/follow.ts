import { parseUpid } from '../../../shared/upid';
import type { Clock } from '../clock';
import type { PveClient } from './client';

export interface TaskEnd {
  /** PVE's exit status: `OK`, `WARNINGS: 1`, or the error text. */
  exitstatus: string;
  ok: boolean;
  log: string[];
}

export interface FollowOptions {
  clock: Clock;
  signal: AbortSignal;
  /** Between status reads. */
  pollMs?: number;
  /** New log lines as they appear. */
  onLog?: (lines: string[], all: string[]) => void;
}

/** Follows a PVE task by its UPID until it stops, reading its status and log. */
export async function followTask(client: PveClient, upid: string, opts: FollowOptions): Promise<TaskEnd> {
  const p = parseUpid(upid);
  if (!p) throw new Error(`PVE answered with "${upid}", which is not a task id (UPID)`);
  const api = client.api(opts.signal);
  const task = api.nodes.$(p.node).tasks.$(upid);
  const log: string[] = [];
  const pollMs = opts.pollMs ?? 500;
  for (;;) {
    const status = (await task.status.$get()) as { status?: unknown; exitstatus?: unknown };
    const lines = (await task.log.$get({ start: log.length, limit: 500 })) as { n?: unknown; t?: unknown }[];
    const fresh = (Array.isArray(lines) ? lines : []).filter((l) => typeof l.t === 'string' && typeof l.n === 'number' && l.n > log.length).map((l) => l.t as string);
    // `no content` is PVE's placeholder line for an empty log.
    const real = fresh.filter((t) => t !== 'no content');
    if (real.length) {
      log.push(...real);
      opts.onLog?.(real, log);
    }
    if (status.status === 'stopped') {
      const exitstatus = typeof status.exitstatus === 'string' ? status.exitstatus : 'unknown exit status';
      return { exitstatus, ok: exitstatus === 'OK' || exitstatus.startsWith('WARNINGS'), log };
    }
    await sleep(opts.clock, pollMs, opts.signal);
  }
}

/** Waits on the given clock; rejects when the signal aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(t);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const t = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
