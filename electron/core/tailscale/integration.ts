import { existsSync } from 'node:fs';
import { LabError } from '../../../shared/api';
import { english, part } from '../../../shared/message';
import { peerMatches, type PingResult, type TailscalePeer } from '../../../shared/tailscale';
import type { Clock } from '../clock';
import { defineIntegration, type Integration, type IntegrationContext, type IntegrationDefinition } from '../lab/integration';
import { execCli, findCli, type CliExec } from './cli';
import { expiredWhen } from './checks';
import { defaultSocketPath, LocalApiClient } from './localapi';
import { TailscaleReader } from './reader';
import { TailscaleSource } from './source';

export interface TailscaleEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exists: (p: string) => boolean;
  exec: CliExec;
  /** Timings; tests shorten them. */
  pinnedEveryMs?: number;
  netcheckEveryMs?: number;
  pingPauseMs?: number;
  debounceMs?: number;
}

const DEFAULT_INTERVAL_MS = 30_000;

/** Builds the tailscale integration for an OS; `tailscaleIntegration` is the one for this machine. */
export function createTailscaleIntegration(host: TailscaleEnv): IntegrationDefinition<never, never> {
  return defineIntegration({ kind: 'tailscale', build: (ctx) => buildTailscale(ctx, host) });
}

function buildTailscale(ctx: IntegrationContext, host: TailscaleEnv): Integration | null {
  const cfg = ctx.config.tailscale;
  if (!cfg) return null;
  const localApi = new LocalApiClient(cfg.socket ?? defaultSocketPath(host.platform));
  const cli = findCli(cfg.cli, host.platform, host.env, host.exists);
  const pauseMs = host.pingPauseMs ?? 1000;
  const reader = new TailscaleReader({
    localApi,
    cli,
    exec: host.exec,
    now: () => ctx.clock.now(),
    pause: (_ms, signal) => sleep(ctx.clock, pauseMs, signal),
  });
  const source = new TailscaleSource({
    reader,
    localApi,
    clock: ctx.clock,
    log: ctx.log,
    intervalMs: cfg.interval ?? DEFAULT_INTERVAL_MS,
    debounceMs: host.debounceMs,
    checks: { subnetRouter: cfg.subnetRouter, pinned: cfg.pinned ?? [] },
  });
  const life = new AbortController();
  const timers: unknown[] = [];

  const pingPeer = async (peer: string, count: number, signal: AbortSignal): Promise<PingResult> => {
    const status = source.latest ?? (await source.poll({ signal }));
    if (status.backendState !== 'Running') throw new LabError('tailscale-not-running', `cannot ping ${peer}: Tailscale is ${status.backendState}`);
    const p = status.peers.find((x) => peerMatches(x, peer));
    if (!p || !p.ip) throw new LabError('not-found', `no peer named "${peer}" in the tailnet (tailscale status lists ${status.peers.length} peers)`);
    // The tailnet already knows it is away: say so now, rather than after the ping's timeout as tailscaled's bare "context deadline exceeded".
    if (!p.online) return offlinePing(p, ctx.clock.now());
    const result = { ...(await reader.ping(peer, p.ip, count, signal)), at: new Date(ctx.clock.now()).toISOString() };
    source.recordPing(result);
    ctx.refreshSource(source.id);
    return result;
  };

  const pinned = cfg.pinned ?? [];
  if (pinned.length) {
    scheduleRepeating(ctx, life.signal, timers, 10_000, host.pinnedEveryMs ?? 120_000, async () => {
      for (const name of pinned) {
        if (life.signal.aborted) return;
        const status = source.latest;
        if (!status || status.backendState !== 'Running') return;
        try {
          await pingPeer(name, 3, life.signal);
        } catch (err) {
          if (life.signal.aborted) return;
          source.recordPing({ peer: name, ok: false, via: null, endpoint: null, relay: null, latencyMs: null, upgradedToDirect: false, message: (err as Error).message, at: new Date(ctx.clock.now()).toISOString() });
          ctx.refreshSource(source.id);
        }
      }
    });
  }
  if (reader.hasCli) {
    scheduleRepeating(ctx, life.signal, timers, 20_000, host.netcheckEveryMs ?? 15 * 60_000, async () => {
      source.recordNetcheck(await reader.netcheck(life.signal));
      ctx.refreshSource(source.id);
    });
  }

  const integration: Integration = {
    kind: 'tailscale',
    sources: [source],
    actions: {
      pingPeer: async (input) => {
        const ac = AbortSignal.any([life.signal, AbortSignal.timeout(60_000)]);
        return pingPeer(input.peer, 5, ac);
      },
    },
    dispose: () => {
      life.abort(new LabError('stopped', 'tailscale integration stopped'));
      for (const t of timers) ctx.clock.clearTimeout(t);
    },
  };
  return integration;
}

/** The answer for a peer the tailnet reports offline: when it was last seen, without pinging. */
export function offlinePing(p: TailscalePeer, now: number): PingResult {
  const seen = p.lastSeen ? Date.parse(p.lastSeen) : NaN;
  const ageS = Math.max(0, (now - seen) / 1000);
  const ago = ageS < 3600 ? part('ts.ping.ageSeconds', { seconds: Math.round(ageS) }) : part('ts.ping.ageHours', { hours: ageS / 3600 });
  const m = p.keyExpired
    ? part('ts.ping.keyExpired', { peer: p.name, when: expiredWhen(p) })
    : Number.isNaN(seen)
      ? part('ts.ping.offlineNeverSeen', { peer: p.name })
      : part('ts.ping.offline', { peer: p.name, ago });
  return { peer: p.name, ok: false, via: null, endpoint: null, relay: null, latencyMs: null, upgradedToDirect: false, message: english(m), messageMsg: m, at: new Date(now).toISOString() };
}

/** Runs `job` after `firstMs`, then every `ms` after each run ends; never two at once. */
function scheduleRepeating(ctx: IntegrationContext, signal: AbortSignal, timers: unknown[], firstMs: number, ms: number, job: () => Promise<void>): void {
  const slot = timers.length;
  const arm = (delay: number): void => {
    if (signal.aborted) return;
    timers[slot] = ctx.clock.setTimeout(() => {
      job()
        .catch((err: unknown) => {
          if (!signal.aborted) ctx.log.warn(`tailscale: ${(err as Error).message}`);
        })
        .finally(() => arm(ms));
    }, delay);
  };
  arm(firstMs);
}

function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clock.clearTimeout(t);
      reject(signal?.reason instanceof Error ? signal.reason : new LabError('aborted', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The integration for this machine: its OS, PATH and the real CLI. */
export const tailscaleIntegration = createTailscaleIntegration({
  platform: process.platform,
  env: process.env,
  exists: (p) => existsSync(p),
  exec: execCli,
});
