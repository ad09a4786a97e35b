import { connect } from 'node:net';
import type { Clock } from '../clock';

export interface WatchTarget {
  /** TCP endpoint to knock on; null when only `other` can tell. */
  host: string | null;
  ports: readonly number[];
  /** Another sign of life checked every round (Proxmox VE reporting the node online). */
  other?: { label: string; isUp(): boolean };
}

export type WatchOutcome =
  | { up: true; /** What answered: `127.0.0.1:22` or the other sign's label. */ how: string; afterMs: number }
  | { up: false; afterMs: number; lastError: string | null };

export interface WatchOptions {
  clock: Clock;
  /** Give up after this long (default 3 minutes: a cold boot with a slow BIOS). */
  limitMs?: number;
  /** Pause between rounds of connection attempts. */
  intervalMs?: number;
  /** Limit for one TCP connect. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  /** Injected for tests; default: a TCP connect with node:net. */
  probe?: (host: string, port: number, timeoutMs: number, signal?: AbortSignal) => Promise<void>;
  /** Told before each round: how long the wait has lasted, what it tries, and why the last attempt failed. */
  onRound?: (round: WatchRound) => void;
}

export interface WatchRound {
  elapsedMs: number;
  /** `192.168.1.13:22`, …, and the other sign's label. */
  trying: string[];
  lastError: string | null;
}

/** What a round tries, in words: each `host:port`, then the other sign of life. */
export function watchedSigns(target: WatchTarget): string[] {
  return [...(target.host === null ? [] : target.ports.map((p) => `${target.host}:${p}`)), ...(target.other ? [target.other.label] : [])];
}

export const DEFAULT_WAKE_LIMIT_MS = 180_000;

/** Resolves when a TCP connection to host:port succeeds (then closes it); rejects with the reason otherwise. */
export function tcpProbe(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    const socket = connect({ host, port, timeout: timeoutMs });
    const onAbort = (): void => finish(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    const finish = (err?: Error): void => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish());
    socket.once('timeout', () => finish(new Error(`${host}:${port}: no answer within ${timeoutMs} ms`)));
    socket.once('error', (err) => finish(new Error(`${host}:${port}: ${err.message}`, { cause: err })));
  });
}

/** Tries the target's ports until one accepts a TCP connection or the limit passes. */
export async function waitUntilUp(target: WatchTarget, opts: WatchOptions): Promise<WatchOutcome> {
  const { clock } = opts;
  const limitMs = opts.limitMs ?? DEFAULT_WAKE_LIMIT_MS;
  const intervalMs = opts.intervalMs ?? 2_000;
  const probe = opts.probe ?? tcpProbe;
  const started = clock.now();
  let lastError: string | null = null;
  const trying = watchedSigns(target);
  for (;;) {
    opts.signal?.throwIfAborted();
    opts.onRound?.({ elapsedMs: clock.now() - started, trying, lastError });
    if (target.other?.isUp()) return { up: true, how: target.other.label, afterMs: clock.now() - started };
    for (const port of target.host === null ? [] : target.ports) {
      const left = limitMs - (clock.now() - started);
      if (left <= 0) break;
      try {
        await probe(target.host!, port, Math.min(opts.connectTimeoutMs ?? 2_000, left), opts.signal);
        return { up: true, how: `${target.host}:${port}`, afterMs: clock.now() - started };
      } catch (err) {
        opts.signal?.throwIfAborted();
        lastError = err instanceof Error ? err.message : String(err);
      }
    }
    const left = limitMs - (clock.now() - started);
    if (left <= 0) return { up: false, afterMs: clock.now() - started, lastError };
    await sleep(clock, Math.min(intervalMs, left), opts.signal);
  }
}

function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    // Someone is waiting for this machine (the CLI's `wake`, a task in the tray) until the limit:
    // unlike the pollers' timers, this wait keeps the process alive.
    keepAlive(handle);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function keepAlive(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null && 'ref' in handle && typeof handle.ref === 'function') handle.ref();
}
