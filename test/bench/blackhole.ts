import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createTcp, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { HostState } from '../../shared/hosts';
import type { Snapshot } from '../../shared/snapshot';
import { systemClock } from '../../electron/core/clock';
import { Lab } from '../../electron/core/lab/lab';
import { MemorySecretStore } from '../../electron/core/secrets';
import type { Source } from '../../electron/core/lab/source';
import { createProxmoxIntegration } from '../../electron/core/proxmox/integration';
import { PveSim } from '../../demo/pve/sim';
import type { BenchOptions } from './core-figures';
import { clusterConfig, secretsFor } from './pve-scale';
import { sshHost } from './scale';
import { figure, type Figure } from './stats';

/** A TCP listener on 127.0.0.1 that takes connections and never says a word. */
export async function startBlackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcp({ pauseOnConnect: true }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** HTTP hosts on 127.0.0.1 that answer after a fixed latency. */
async function startHosts(latencyMs: number): Promise<{ port: number; server: Server }> {
  const server = createHttp((req, res) => {
    const name = (req.url ?? '/').slice(1);
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sshHost(name)));
    }, latencyMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server };
}

function httpHost(name: string, url: string, timeoutMs: number): Source<'host'> {
  return {
    id: `host:${name}`, kind: 'host', name, intervalMs: 30_000, timeoutMs,
    placeholder: () => ({ ...sshHost(name), reachable: false }),
    poll: async ({ signal }) => (await (await fetch(url, { signal })).json()) as HostState,
    checks: () => [],
  };
}

function when(lab: Lab, pred: (s: Snapshot) => boolean): Promise<number> {
  if (pred(lab.snapshot)) return Promise.resolve(performance.now());
  return new Promise((resolve) => {
    const off = lab.on('snapshot', (s) => {
      if (pred(s)) {
        off();
        resolve(performance.now());
      }
    });
  });
}

export interface BlackholeRun {
  /** refreshAll → every live source published. */
  liveMs: number;
  /** refreshAll → the dead source reported (null without one). */
  deadMs: number | null;
}

/** One refresh of a Lab, timed: when the live sources are in, and when the dead one is reported. */
export async function timeRefresh(lab: Lab, liveIds: string[], deadId: string | null): Promise<BlackholeRun> {
  const meta = (s: Snapshot, id: string) => s.sources.find((x) => x.id === id);
  // Let every source settle first (the dead one failed once), so the refresh finds nothing in flight.
  await when(lab, (s) => liveIds.every((id) => meta(s, id)?.updatedAt) && (!deadId || !!meta(s, deadId)?.error));
  const before = new Map(lab.snapshot.sources.map((m) => [m.id, { updatedAt: m.updatedAt, lastAttemptAt: m.lastAttemptAt }]));
  await new Promise((r) => setTimeout(r, 2)); // timestamps have millisecond resolution
  const t0 = performance.now();
  const live = when(lab, (s) => liveIds.every((id) => meta(s, id)?.updatedAt !== before.get(id)?.updatedAt));
  const dead = deadId ? when(lab, (s) => meta(s, deadId)?.lastAttemptAt !== before.get(deadId)?.lastAttemptAt && !!meta(s, deadId)?.error) : null;
  lab.refreshAll();
  const liveAt = await live;
  const deadAt = dead ? await dead : null;
  return { liveMs: liveAt - t0, deadMs: deadAt === null ? null : deadAt - t0 };
}

/** The in-memory variant: 10 HTTP hosts with 20 ms latency, one more pointing at a blackhole. */
export default async function run(o: BenchOptions): Promise<Figure[]> {
  const latency = 20;
  const timeoutMs = o.quick ? 1_000 : 2_000;
  const runs = o.quick ? 3 : 5;
  const hosts = await startHosts(latency);
  const hole = await startBlackhole();
  const names = Array.from({ length: 10 }, (_, i) => `h${i}`);
  const measure = async (withDead: boolean): Promise<BlackholeRun[]> => {
    const sources = names.map((n) => httpHost(n, `http://127.0.0.1:${hosts.port}/${n}`, timeoutMs));
    if (withDead) sources.push(httpHost('dead', `http://127.0.0.1:${hole.port}/dead`, timeoutMs));
    const lab = new Lab({ config: {}, factories: [() => ({ kind: 'ssh', sources })], secrets: new MemorySecretStore(), clock: systemClock });
    await lab.start();
    const out: BlackholeRun[] = [];
    await timeRefresh(lab, names.map((n) => `host:${n}`), withDead ? 'host:dead' : null); // warm-up: connections, JIT
    for (let i = 0; i < runs; i++) {
      o.log(`blackhole: ${withDead ? 'with' : 'without'} the dead host, refresh ${i + 1}/${runs}`);
      out.push(await timeRefresh(lab, names.map((n) => `host:${n}`), withDead ? 'host:dead' : null));
    }
    await lab.stop();
    return out;
  };
  try {
    const pve = await pveVariant(o, hole.port, runs);
    const base = await measure(false);
    const dead = await measure(true);
    const g = 'one host blackholed (10 HTTP hosts, 20 ms latency, 1 dead)';
    const baseLive = base.map((r) => r.liveMs);
    const live = dead.map((r) => r.liveMs);
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    return [
      ...pve,
      figure({ group: g, name: 'refresh → all live hosts published, with the dead one', unit: 'ms', baseline: { name: 'no dead host', runs: baseLive } }, live),
      figure({ group: g, name: 'added by the dead host (median − baseline median, per run)', unit: 'ms', target: { op: '<', value: 10 } }, live.map((x) => x - med(baseLive))),
      figure({ group: g, name: 'refresh → dead host reported', unit: 'ms', baseline: { name: 'its timeout', median: timeoutMs } }, dead.map((r) => r.deadMs ?? Number.NaN)),
    ];
  } finally {
    await hole.close();
    await new Promise<void>((r) => hosts.server.close(() => r()));
  }
}

/** The real Proxmox integration: 2 simulated clusters with 20 ms latency, a third whose endpoint is the blackhole. */
async function pveVariant(o: BenchOptions, holePort: number, runs: number): Promise<Figure[]> {
  const sims = await Promise.all([0, 1].map(() => PveSim.start({ speed: 0.05 })));
  try {
    for (const s of sims) s.fault({ kind: 'latency', ms: 20 });
    const timeout = o.quick ? 1_000 : 2_000;
    const live = ['pve0', 'pve1'];
    const measure = async (withDead: boolean): Promise<BlackholeRun[]> => {
      const proxmox = live.map((n, i) => clusterConfig(n, sims[i], timeout));
      if (withDead) proxmox.push({ ...clusterConfig('dead', sims[0], timeout), endpoints: [`https://127.0.0.1:${holePort}`] });
      const secrets = new MemorySecretStore({ ...secretsFor(live, sims), dead: secretsFor(['x'], [sims[0]]).x });
      const lab = new Lab({ config: { proxmox }, factories: [createProxmoxIntegration()], secrets, clock: systemClock });
      await lab.start();
      const ids = live.map((n) => `proxmox:${n}`);
      await timeRefresh(lab, ids, withDead ? 'proxmox:dead' : null);
      const out: BlackholeRun[] = [];
      for (let i = 0; i < runs; i++) {
        o.log(`blackhole: proxmox ${withDead ? 'with' : 'without'} the dead cluster, refresh ${i + 1}/${runs}`);
        out.push(await timeRefresh(lab, ids, withDead ? 'proxmox:dead' : null));
      }
      await lab.stop();
      return out;
    };
    const base = await measure(false);
    const dead = await measure(true);
    const g = 'one Proxmox cluster blackholed (2 simulated clusters, 20 ms latency, 1 dead)';
    const baseLive = base.map((r) => r.liveMs);
    const med = [...baseLive].sort((a, b) => a - b)[baseLive.length >> 1];
    return [
      figure({ group: g, name: 'refresh → live clusters published, with the dead one', unit: 'ms', baseline: { name: 'no dead cluster', runs: baseLive } }, dead.map((r) => r.liveMs)),
      figure({ group: g, name: 'added by the dead cluster (per run − baseline median)', unit: 'ms', target: { op: '<', value: 10 } }, dead.map((r) => r.liveMs - med)),
      figure({ group: g, name: 'refresh → dead cluster reported', unit: 'ms', baseline: { name: 'its configured timeout', median: timeout }, note: 'connect succeeds, the TLS handshake is never answered' }, dead.map((r) => r.deadMs ?? Number.NaN)),
    ];
  } finally {
    await Promise.all(sims.map((s) => s.stop()));
  }
}
