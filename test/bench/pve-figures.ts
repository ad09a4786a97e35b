import { performance } from 'node:perf_hooks';
import type { Snapshot } from '../../shared/snapshot';
import { systemClock } from '../../electron/core/clock';
import { Lab } from '../../electron/core/lab/lab';
import { clientFor, createProxmoxIntegration } from '../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../electron/core/secrets';
import { FakeClock } from '../helpers/fake-clock';
import { PveSim } from '../../demo/pve/sim';
import type { BenchOptions } from './core-figures';
import { NaivePoller } from './naive-poller';
import { clusterConfig, growTo, secretsFor } from './pve-scale';
import { figure, median, type Figure } from './stats';

const G = 'Proxmox requests per refresh (3 simulated clusters)';

/** Resolves when every source has a newer updatedAt (or error) than in `before`. */
function allRefreshed(lab: Lab, before: Snapshot): Promise<void> {
  const was = new Map(before.sources.map((m) => [m.id, m.lastAttemptAt]));
  const done = (s: Snapshot): boolean => s.sources.every((m) => m.lastAttemptAt !== was.get(m.id));
  if (done(lab.snapshot)) return Promise.resolve();
  return new Promise((resolve) => {
    const off = lab.on('snapshot', (s) => {
      if (done(s)) {
        off();
        resolve();
      }
    });
  });
}

export default async function run(o: BenchOptions): Promise<Figure[]> {
  const names = ['pve0', 'pve1', 'pve2'];
  const sims = await Promise.all(names.map(() => PveSim.start({ speed: 0.05 })));
  const figures: Figure[] = [];
  try {
    const sizes = o.quick ? [sims[0].guests.size, 1000] : [sims[0].guests.size, 100, 1000];
    const refreshes = o.quick ? 12 : 60; // 60 × 10 s = 10 simulated minutes: every slower cadence comes due
    const total = (): number => sims.reduce((n, s) => n + s.requests.length, 0);
    const reset = (): void => sims.forEach((s) => s.requests.splice(0));
    const secrets = new MemorySecretStore(secretsFor(names, sims));
    for (const size of sizes) {
      for (const s of sims) growTo(s, size);
      // Ours: the real Proxmox integration, refreshed by a fake clock so that 10 minutes pass in seconds.
      const clock = new FakeClock(Date.now());
      const lab = new Lab({ config: { proxmox: names.map((n, i) => clusterConfig(n, sims[i])) }, factories: [createProxmoxIntegration()], secrets, clock });
      await lab.start();
      await clock.advance(0);
      await allRefreshed(lab, { ...lab.snapshot, sources: lab.snapshot.sources.map((m) => ({ ...m, lastAttemptAt: null })) });
      const guests = lab.snapshot.proxmox.reduce((n, c) => n + c.guests.length, 0);
      if (guests < size * 3) throw new Error(`the Lab sees ${guests} guests, the simulators hold ${size * 3}`);
      reset();
      const perRefresh: number[] = [];
      const oursMs: number[] = [];
      for (let r = 0; r < refreshes; r++) {
        const before = lab.snapshot;
        const n0 = total();
        const t0 = performance.now();
        const done = allRefreshed(lab, before);
        await clock.advance(10_000);
        await done;
        oursMs.push(performance.now() - t0);
        perRefresh.push((total() - n0) / names.length);
      }
      await lab.stop();
      o.log(`proxmox: ours at ${size} guests/cluster: ${perRefresh.join(' ')}`);

      // The naive poller, same simulators, same run.
      const clients = await Promise.all(names.map((n, i) => clientFor(clusterConfig(n, sims[i]), secrets, systemClock)));
      const naive = clients.map((c) => new NaivePoller(c.client));
      const naiveRuns: number[] = [];
      const naiveMs: number[] = [];
      for (let r = 0; r < (o.quick ? 2 : 3); r++) {
        reset();
        const t0 = performance.now();
        const seen = await Promise.all(naive.map((p) => p.poll()));
        naiveMs.push(performance.now() - t0);
        if (seen.some((s) => s.guests < size)) throw new Error('the naive poller missed guests');
        naiveRuns.push(total() / names.length);
      }
      await Promise.all(clients.map((c) => c.close()));
      const avg = perRefresh.reduce((a, b) => a + b, 0) / perRefresh.length;
      figures.push(
        figure({ group: G, name: `ours, per cluster, ${size} guests: typical refresh`, unit: 'req', target: { op: '<=', value: 1, label: '= 1 (the floor)' }, baseline: { name: 'naive', runs: naiveRuns }, note: `a refresh reads /cluster/resources; the task list, cluster status, node status, disks and backups come due on their own cadence (window open; hidden, a large cluster reads its nodes only between whole lists) — 10-minute average ${avg.toFixed(2)} req/refresh/cluster` }, perRefresh),
        figure({ group: G, name: `naive per-node/per-guest poller, per cluster, ${size} guests`, unit: 'req', baseline: { name: 'ours (median)', median: median(perRefresh) }, ...(size >= 1000 ? { target: { op: '>=', value: 50, label: '≥ 50× ours', on: 'ratio' } } : {}) }, naiveRuns),
        figure({ group: G, name: `ours, 10-minute average per refresh per cluster, ${size} guests`, unit: 'req' }, [avg]),
        figure({ group: G, name: `refresh time, 3 clusters × ${size} guests: ours`, unit: 'ms', baseline: { name: 'naive', runs: naiveMs } }, oursMs),
      );
    }
    return figures;
  } finally {
    await Promise.all(sims.map((s) => s.stop()));
  }
}
