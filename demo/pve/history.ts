/**
 * GET …/rrddata for nodes and guests: the series PVE keeps in its RRD files,
 * modelled from the simulated load. Every value is a function of the item and
 * its time bucket only, so two reads of the same bucket agree, and the newest
 * bucket sits near what the live status shows now.
 */
import { GiB, guestOn, now, SimHttpError, type PveCluster, type SimGuest, type SimNode } from './model';
import { nodeCpu, nodeMemory, usage } from './views';

/** PVE's RRAs: 70 rows per time frame, one row per step (seconds). */
export const rrdSteps = { hour: 60, day: 1800, week: 10800, month: 43200, year: 604800, decade: 6048000 } as const;
export type RrdTimeframe = keyof typeof rrdSteps;
const ROWS = 70;

function timeframeOf(v: string | undefined, allowDecade: boolean): RrdTimeframe {
  const ok = Object.keys(rrdSteps).filter((k) => allowDecade || k !== 'decade');
  if (!v || !ok.includes(v)) throw new SimHttpError(400, 'Parameter verification failed.', { timeframe: v ? `value '${v}' does not have a value in the enumeration '${ok.join(', ')}'` : 'property is missing and it is not optional' });
  return v as RrdTimeframe;
}

function cfOf(v: string | undefined): 'AVERAGE' | 'MAX' {
  if (v === undefined || v === 'AVERAGE' || v === 'MAX') return v ?? 'AVERAGE';
  throw new SimHttpError(400, 'Parameter verification failed.', { cf: `value '${v}' does not have a value in the enumeration 'AVERAGE, MAX'` });
}

/** A number in [0, 1) fixed by the seed and bucket (a small integer hash, no state). */
function noise(seed: number, bucket: number): number {
  let h = (seed * 374761393 + bucket * 668265263) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * How busy an item is in the bucket starting at `t`, around 1: busier in the
 * evening (local to the lab, UTC+8), quieter at night, with per-bucket jitter;
 * MAX rows take the peak of the bucket, above the average.
 */
export function loadFactor(seed: number, t: number, step: number, cf: 'AVERAGE' | 'MAX'): number {
  const hourOfDay = ((t / 3600 + 8) % 24 + 24) % 24;
  const daily = 1 + 0.3 * Math.sin(((hourOfDay - 14) / 24) * 2 * Math.PI);
  const jitter = 0.85 + 0.3 * noise(seed, Math.floor(t / step));
  return daily * jitter * (cf === 'MAX' ? 1.35 : 1);
}

function buckets(timeframe: RrdTimeframe): number[] {
  const step = rrdSteps[timeframe];
  const last = Math.floor(now() / step) * step;
  return Array.from({ length: ROWS }, (_, i) => last - (ROWS - 1 - i) * step);
}

const round = (v: number, digits = 6): number => Number(v.toFixed(digits));

/** GET /nodes/{node}/{qemu,lxc}/{vmid}/rrddata. */
export function guestRrd(sim: PveCluster, node: string, vmid: string, type: 'qemu' | 'lxc', tf?: string, cfParam?: string): unknown[] {
  const g = guestOn(sim, node, vmid, type);
  const timeframe = timeframeOf(tf, false);
  const cf = cfOf(cfParam);
  const step = rrdSteps[timeframe];
  const t0 = now();
  const u = usage({ ...g, status: 'running', startedAt: g.startedAt ?? t0 }, t0);
  const maxmem = Math.round(g.memGiB * GiB);
  return buckets(timeframe).map((t) => row(g, t, step, cf, u, maxmem));
}

function row(g: SimGuest, t: number, step: number, cf: 'AVERAGE' | 'MAX', u: ReturnType<typeof usage>, maxmem: number): Record<string, number> {
  const up = g.status !== 'stopped' && g.startedAt !== null && t + step > g.startedAt;
  const base = { time: t, maxcpu: g.cpus, maxmem, maxdisk: g.diskGiB * GiB, disk: u.disk };
  if (!up) return { ...base, cpu: 0, mem: 0, netin: 0, netout: 0, diskread: 0, diskwrite: 0 };
  const f = loadFactor(g.vmid, t, step, cf);
  const io = loadFactor(g.vmid + 7919, t, step, cf);
  // Rates in bytes per second, in proportion to the guest's size and traffic share.
  const net = ((g.vmid % 7) + 1) * 9_000;
  const disk = ((g.vmid % 5) + 1) * 24_000;
  return {
    ...base,
    cpu: round(Math.min(1, u.cpu * f)),
    mem: Math.round(Math.min(maxmem, u.mem * (0.9 + 0.1 * f))),
    netin: round(net * io, 2),
    netout: round(net * 0.3 * io, 2),
    diskread: round(disk * 0.4 * io, 2),
    diskwrite: round(disk * io, 2),
  };
}

/** GET /nodes/{node}/rrddata. */
export function nodeRrd(sim: PveCluster, node: string, tf?: string, cfParam?: string): unknown[] {
  const n = sim.nodes.get(node);
  if (!n) throw new SimHttpError(500, `no such node '${node}'`);
  const timeframe = timeframeOf(tf, true);
  const cf = cfOf(cfParam);
  const step = rrdSteps[timeframe];
  const mem = nodeMemory(sim, node);
  const seed = n.threads * 131 + n.memGiB;
  return buckets(timeframe).map((t) => nodeRow(n, seed, t, step, cf, mem));
}

function nodeRow(n: SimNode, seed: number, t: number, step: number, cf: 'AVERAGE' | 'MAX', mem: { used: number; total: number }): Record<string, number> {
  // The node ran before its last boot too, so every bucket has data.
  const base = { time: t, maxcpu: n.threads, memtotal: mem.total, swaptotal: 8 * GiB, roottotal: n.rootfsGiB * GiB };
  const f = loadFactor(seed, t, step, cf);
  const io = loadFactor(seed + 7919, t, step, cf);
  const cpu = Math.min(1, nodeCpu(n) * f);
  return {
    ...base,
    cpu: round(cpu),
    iowait: round(cpu * 0.04),
    loadavg: round(cpu * n.threads, 2),
    memused: Math.round(Math.min(mem.total, mem.used * (0.92 + 0.08 * f))),
    swapused: Math.round(0.02 * GiB),
    rootused: Math.round(9.8 * GiB),
    netin: round(64_000 * io, 2),
    netout: round(21_000 * io, 2),
  };
}
