import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Snapshot } from '../../shared/snapshot';
import { SnapshotCache } from '../../electron/core/cache';
import { systemClock } from '../../electron/core/clock';
import { Lab } from '../../electron/core/lab/lab';
import { MemorySecretStore } from '../../electron/core/secrets';
import { FakeClock } from '../helpers/fake-clock';
import { CountingClock, INTERVALS, SCALE, scaledFactory } from './scale';
import { figure, repeat, type Figure } from './stats';

export interface BenchOptions {
  quick: boolean;
  log: (msg: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run node with --expose-gc (npm run bench does)');
  g();
  g();
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Resolves with the first snapshot in which every source has answered. */
export function firstLive(lab: Lab): Promise<Snapshot> {
  const done = (s: Snapshot): boolean => s.sources.length > 0 && s.sources.every((m) => m.updatedAt !== null || m.error !== null);
  if (done(lab.snapshot)) return Promise.resolve(lab.snapshot);
  return new Promise((resolve) => {
    const off = lab.on('snapshot', (s) => {
      if (done(s)) {
        off();
        resolve(s);
      }
    });
  });
}

function scaledLab(clock = systemClock as import('../../electron/core/clock').Clock, cache?: SnapshotCache): Lab {
  return new Lab({ config: {}, factories: [scaledFactory()], secrets: new MemorySecretStore(), clock, cache });
}

/** CPU and wakeups of an idle core at full scale, window hidden (slow) and open (fast). */
export async function idleCost(o: BenchOptions): Promise<Figure[]> {
  const slowWindow = o.quick ? 10_000 : 60_000; // one slow period of the 10 s sources
  const fastWindow = o.quick ? 5_000 : 10_000;
  const windows = 2;
  gc();
  o.log(`idle: baseline, the bench process alone for ${fastWindow / 1000} s`);
  const baseRuns = await repeat(windows, async () => {
    const c0 = cpuMs();
    await sleep(fastWindow);
    return ((cpuMs() - c0) * 60_000) / fastWindow;
  });

  const measure = async (mode: 'slow' | 'fast', windowMs: number): Promise<{ cpu: number[]; wake: number[] }> => {
    const clock = new CountingClock(systemClock);
    const lab = scaledLab(clock);
    await lab.start();
    await firstLive(lab);
    lab.setPollFlags({ windowVisible: mode === 'fast' });
    await sleep(1_000);
    gc();
    const cpu: number[] = [];
    const wake: number[] = [];
    for (let i = 0; i < windows; i++) {
      o.log(`idle: ${mode} window ${i + 1}/${windows} (${windowMs / 1000} s)`);
      const c0 = cpuMs();
      const f0 = clock.fired;
      await sleep(windowMs);
      cpu.push(((cpuMs() - c0) * 60_000) / windowMs);
      wake.push(((clock.fired - f0) * 60_000) / windowMs);
    }
    await lab.stop();
    return { cpu, wake };
  };
  const slow = await measure('slow', slowWindow);
  const fast = await measure('fast', fastWindow);
  const g = 'idle cost (full-scale lab of in-memory sources)';
  const note = `in-memory sources at ${SCALE.clusters}×${SCALE.guests} guests, ${SCALE.hosts} hosts, ${SCALE.kube}×${SCALE.pods} pods, ${SCALE.peers} peers; windows of ${slowWindow / 1000} s; baseline = this process with no Lab`;
  return [
    figure({ group: g, name: 'CPU, window hidden (slow)', unit: 'ms/min', target: { op: '<', value: 50 }, baseline: { name: 'process alone', runs: baseRuns }, note }, slow.cpu),
    figure({ group: g, name: 'core timer wakeups, window hidden', unit: '/min', note: 'Clock.setTimeout fires, counted by a wrapping Clock' }, slow.wake),
    figure({ group: g, name: 'CPU, window open (fast)', unit: 'ms/min', baseline: { name: 'process alone', runs: baseRuns } }, fast.cpu),
    figure({ group: g, name: 'core timer wakeups, window open', unit: '/min' }, fast.wake),
  ];
}

/** Heap and RSS at scale, and after 10,000 refresh cycles driven by a fake clock. */
export async function memory(o: BenchOptions): Promise<Figure[]> {
  const g = 'memory';
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const atScale = await repeat(3, async () => {
    const lab = scaledLab();
    await lab.start();
    await firstLive(lab);
    gc();
    const m = process.memoryUsage();
    await lab.stop();
    return m.heapUsed;
  });
  const rss = process.memoryUsage().rss;

  const cycles = o.quick ? 2_000 : 10_000;
  const early = Math.round(cycles / 10);
  const runs = 2;
  const growth: number[] = [];
  const heapEarly: number[] = [];
  const heapLate: number[] = [];
  const perCycle: number[] = [];
  for (let r = 0; r < runs; r++) {
    const clock = new FakeClock();
    const lab = scaledLab(clock);
    let snapshots = 0;
    lab.on('snapshot', () => snapshots++);
    await lab.start();
    await clock.advance(0);
    const t0 = performance.now();
    for (let i = 1; i <= cycles; i++) {
      // One refresh cycle = one interval of the fastest sources.
      await clock.advance(INTERVALS.proxmox);
      if (i % 50 === 0) lab.tasks.start({ kind: 'guest', action: 'start', target: `${100 + (i % 1000)} on um560`, targetRef: `guest:pve0/${100 + (i % 1000)}`, refreshSource: 'proxmox:pve0', lockKey: `guest:${i}` }, async () => 'OK');
      if (i === early) {
        gc();
        heapEarly.push(process.memoryUsage().heapUsed);
      }
      if (i % 1000 === 0) o.log(`memory: run ${r + 1}/${runs}, cycle ${i}/${cycles}`);
    }
    perCycle.push((performance.now() - t0) / cycles);
    gc();
    heapLate.push(process.memoryUsage().heapUsed);
    growth.push((heapLate[r] - heapEarly[r]) / 1e6);
    await lab.stop();
    if (snapshots < cycles) throw new Error(`memory: only ${snapshots} snapshots for ${cycles} cycles`);
  }
  const mb = (xs: number[]): number[] => xs.map((x) => x / 1e6);
  return [
    figure({ group: g, name: 'core heap at scale (after GC, over an empty process)', unit: 'MB', baseline: { name: 'empty process', median: heap0 / 1e6 } }, mb(atScale.map((h) => h - heap0))),
    figure({ group: g, name: 'process RSS at scale', unit: 'MB' }, [rss / 1e6]),
    figure({ group: g, name: `heap after GC at cycle ${early}`, unit: 'MB' }, mb(heapEarly)),
    figure({ group: g, name: `heap after GC at cycle ${cycles}`, unit: 'MB', baseline: { name: `cycle ${early}`, runs: mb(heapEarly) } }, mb(heapLate)),
    figure({ group: g, name: `heap growth, cycle ${early} → ${cycles}`, unit: 'MB', target: { op: '<', value: 1, label: '< 1 MB (no growth)', on: 'max' }, note: 'fake clock; every 50th cycle starts a task; a cycle = one 10 s interval' }, growth),
    figure({ group: g, name: 'core time per refresh cycle (fake clock)', unit: 'ms' }, perCycle),
  ];
}

/** Core start → first snapshot from the on-disk cache, and → first live snapshot (in-memory sources). */
export async function startup(o: BenchOptions): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'labtray-bench-cache-'));
  const path = join(dir, 'snapshot.json');
  try {
    const writer = new SnapshotCache({ path, clock: systemClock });
    const seed = scaledLab(systemClock, writer);
    await seed.start();
    await firstLive(seed);
    await seed.stop();
    writer.flush();
    o.log('startup: cache written');
    const fromCache: number[] = [];
    const live: number[] = [];
    const survives: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const cache = new SnapshotCache({ path: join(dir, 'snapshot.json'), clock: systemClock, minIntervalMs: 3_600_000 });
      const lab = scaledLab(systemClock, cache);
      const guests = lab.snapshot.proxmox.reduce((n, c) => n + c.guests.length, 0);
      fromCache.push(performance.now() - t0);
      if (guests !== SCALE.clusters * SCALE.guests) throw new Error(`startup: the cached snapshot has ${guests} guests`);
      await lab.start();
      survives.push(lab.snapshot.proxmox.reduce((n, c) => n + c.guests.length, 0) > 0 ? 1 : 0);
      await firstLive(lab);
      live.push(performance.now() - t0);
      await lab.stop();
    }
    const noCache = await repeat(5, async () => {
      const t0 = performance.now();
      const lab = scaledLab();
      await lab.start();
      await firstLive(lab);
      const t = performance.now() - t0;
      await lab.stop();
      return t;
    });
    const g = 'startup';
    return [
      figure({ group: g, name: 'core start → first snapshot from the disk cache (3,000 guests)', unit: 'ms', target: { op: '<', value: 300, label: '< 300 ms (on screen)' }, note: 'reads and parses the cache file; the renderer paint is in the renderer group' }, fromCache),
      figure({ group: g, name: 'core start → first live snapshot (in-memory sources)', unit: 'ms', baseline: { name: 'without cache', runs: noCache } }, live),
      figure({ group: g, name: 'cached guests still shown right after Lab.start()', unit: '(1 = yes)', target: { op: '=', value: 1, label: '= 1' }, note: 'each source keeps its cached data (marked stale) until it answers (cachedSeed in electron/core/lab/snapshot.ts)' }, survives),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
