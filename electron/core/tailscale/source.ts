import type { Check } from '../../../shared/status';
import type { NetcheckReport, PingResult, TailscaleStatus } from '../../../shared/tailscale';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { PollContext, Source } from '../lab/source';
import { tailscaleChecks, type CheckOptions } from './checks';
import type { LocalApiClient, WatchHandle } from './localapi';
import type { TailscaleReader } from './reader';

export interface TailscaleSourceOptions {
  reader: TailscaleReader;
  /** The LocalAPI to follow for changes; null: CLI only, no watch. */
  localApi: LocalApiClient | null;
  clock: Clock;
  log: Logger;
  checks: Omit<CheckOptions, 'sourceId'>;
  intervalMs: number;
  /** Coalesces bursts of IPN bus messages into one status read. */
  debounceMs?: number;
}

const RETRY_MS = [2_000, 5_000, 15_000, 60_000];
/**
 * No socket at all (ENOENT), or one LabTray may not open: the Mac App Store
 * and standalone Tailscale apps serve their LocalAPI elsewhere. Said once;
 * the IPN bus is looked for again only this seldom (tailscaled may be
 * installed or started later), while the CLI poll carries on.
 */
export const NO_SOCKET_RETRY_MS = 10 * 60_000;

/** Whether a watch that never went live failed because there is no socket LabTray can use (not a daemon that is busy or restarting). */
function noSocket(err: Error): boolean {
  const code = (err.cause as NodeJS.ErrnoException | undefined)?.code ?? (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EACCES' || code === 'EPERM';
}

/** tailscaled as a Source: polled (LocalAPI, else CLI) and followed live through the IPN bus when the LocalAPI answers. */
export class TailscaleSource implements Source<'tailscale'> {
  readonly id = 'tailscale';
  readonly kind = 'tailscale' as const;
  readonly name = 'Tailscale';
  readonly intervalMs: number;
  readonly timeoutMs = 20_000;
  private pings = new Map<string, PingResult>();
  private netcheckReport: NetcheckReport | null = null;
  private last: TailscaleStatus | null = null;

  constructor(private readonly opts: TailscaleSourceOptions) {
    this.intervalMs = opts.intervalMs;
  }

  /** The last status read (the pinger resolves names with it). */
  get latest(): TailscaleStatus | null {
    return this.last;
  }

  placeholder(): TailscaleStatus {
    return { backendState: 'NoState', via: this.opts.localApi ? 'localapi' : 'cli', version: null, tailnet: null, magicDnsSuffix: null, self: null, peers: [], health: [] };
  }

  async poll(ctx: PollContext): Promise<TailscaleStatus> {
    return this.remember(await this.opts.reader.status(ctx.signal));
  }

  checks(data: TailscaleStatus, observedAt: string): Check[] {
    return tailscaleChecks(data, { ...this.opts.checks, sourceId: this.id }, observedAt);
  }

  recordPing(r: PingResult): void {
    this.pings.set(r.peer, r);
  }

  recordNetcheck(r: NetcheckReport | null): void {
    this.netcheckReport = r;
  }

  /** The last status with the newest pings and netcheck, for a push without reading tailscaled again. */
  current(): TailscaleStatus | null {
    return this.last ? this.decorate(this.last) : null;
  }

  private remember(s: TailscaleStatus): TailscaleStatus {
    this.last = s;
    return this.decorate(s);
  }

  private decorate(s: TailscaleStatus): TailscaleStatus {
    return { ...s, pings: [...this.pings.values()], netcheck: this.netcheckReport };
  }

  watch(push: (data: TailscaleStatus) => void, fail: (err: Error) => void): () => void {
    const api = this.opts.localApi;
    if (!api) return () => undefined;
    const { clock, log } = this.opts;
    let stopped = false;
    let handle: WatchHandle | null = null;
    let live = false;
    let attempt = 0;
    let toldNoSocket = false;
    let retryTimer: unknown = null;
    let debounceTimer: unknown = null;
    let reading = false;
    let again = false;

    const read = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        const status = await this.opts.reader.status();
        if (!stopped) push(this.remember(status));
      } catch (err) {
        if (!stopped) log.warn(`tailscale: reading status after an IPN bus event failed: ${(err as Error).message}`);
      } finally {
        reading = false;
        if (again && !stopped) {
          again = false;
          void read();
        }
      }
    };
    const onNotify = (): void => {
      attempt = 0;
      live = true;
      if (debounceTimer !== null) return;
      debounceTimer = clock.setTimeout(() => {
        debounceTimer = null;
        void read();
      }, this.opts.debounceMs ?? 500);
    };
    const onEnd = (err: Error): void => {
      handle = null;
      if (stopped) return;
      // Only a stream that was live is news: a LocalAPI that never answered leaves the CLI poll in charge.
      const missing = !live && noSocket(err);
      if (live) fail(err);
      else if (!missing) log.info(`tailscale: no IPN bus (${err.message}); polling instead`);
      else if (!toldNoSocket) {
        toldNoSocket = true;
        log.info(`tailscale: live updates are off: ${err.message}; the status is polled every ${Math.round(this.intervalMs / 1000)} s instead`);
      }
      live = false;
      const delay = missing ? NO_SOCKET_RETRY_MS : RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)];
      retryTimer = clock.setTimeout(connect, delay);
    };
    const connect = (): void => {
      retryTimer = null;
      if (!stopped) handle = api.watch(onNotify, onEnd);
    };
    connect();
    return () => {
      stopped = true;
      clock.clearTimeout(retryTimer);
      clock.clearTimeout(debounceTimer);
      handle?.close();
    };
  }
}
