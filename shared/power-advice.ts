import { monthlyEnergy, type PowerReading } from './power';
import type { Guest, ProxmoxCluster, PveNode } from './proxmox';

/** A node this busy or less is at low load (CPU use 0..1). */
export const LOW_LOAD = 0.3;
/** "Much more than the others": at least this many times the next-hungriest node's draw. */
export const MUCH_MORE = 1.5;
/** Guests moved onto a node may fill its memory up to this share … */
export const MEM_HEADROOM = 0.85;
/** … and its CPU up to this share. */
export const CPU_HEADROOM = 0.75;

/** "gtr5 costs ¥37.8 a month at low load; its 4 guests fit on um560 and s500plus". */
export interface PowerAdvice {
  cluster: string;
  node: string;
  /** The arithmetic: watts × hours = kWh (× price = cost). */
  watts: number;
  hours: number;
  kwh: number;
  cost: number | null;
  /** The running guests that would move. */
  guests: string[];
  /** Where they fit, in the cluster's node order. */
  targets: string[];
}

interface Room {
  node: string;
  mem: number;
  cores: number;
}

function wattsOf(reading: PowerReading, cluster: string, node: string): number | null {
  const s = reading.sensors.find((x) => x.kind === 'node' && x.name === node && (x.cluster === undefined || x.cluster === cluster));
  return s?.watts ?? null;
}

function roomOn(n: PveNode): Room | null {
  if (n.maxmem === null || n.mem === null || n.maxcpu === null || n.cpu === null) return null;
  return { node: n.name, mem: n.maxmem * MEM_HEADROOM - n.mem, cores: n.maxcpu * CPU_HEADROOM - n.cpu * n.maxcpu };
}

/**
 * Places each guest (largest memory first) on the node with the most room left; null when one does not fit.
 * A guest needs the memory it uses now (its configured size when that is not known), as a running VM moved live does.
 */
export function placeGuests(guests: readonly Guest[], rooms: readonly Room[]): Map<string, string> | null {
  const left = rooms.map((r) => ({ ...r }));
  const placed = new Map<string, string>();
  const need = (g: Guest): number => g.mem ?? g.maxmem ?? 0;
  const order = [...guests].sort((a, b) => need(b) - need(a) || a.vmid - b.vmid);
  for (const g of order) {
    const mem = need(g);
    const cores = Math.max(0, g.cpu ?? 0) * (g.maxcpu ?? 0);
    const fits = left.filter((r) => r.mem >= mem && r.cores >= cores).sort((a, b) => b.mem - a.mem);
    if (fits.length === 0) return null;
    fits[0].mem -= mem;
    fits[0].cores -= cores;
    placed.set(`${g.vmid}`, fits[0].node);
  }
  return placed;
}

/**
 * Nodes worth letting sleep: online, at low load, drawing MUCH_MORE than every
 * other online node with a sensor, whose running guests fit on those nodes.
 */
export function powerAdvice(clusters: readonly ProxmoxCluster[], reading: PowerReading | null, price: number | null): PowerAdvice[] {
  if (!reading) return [];
  const out: PowerAdvice[] = [];
  for (const c of clusters) {
    const measured = c.nodes.filter((n) => n.status === 'online' && wattsOf(reading, c.name, n.name) !== null);
    for (const n of measured) {
      const watts = wattsOf(reading, c.name, n.name) ?? 0;
      const others = measured.filter((o) => o !== n);
      if (others.length === 0 || n.cpu === null || n.cpu > LOW_LOAD) continue;
      if (watts < MUCH_MORE * Math.max(...others.map((o) => wattsOf(reading, c.name, o.name) ?? 0))) continue;
      const rooms = others.map(roomOn).filter((r): r is Room => r !== null);
      const guests = c.guests.filter((g) => g.node === n.name && g.status === 'running' && !g.template);
      const placed = placeGuests(guests, rooms);
      if (!placed) continue;
      const used = new Set(placed.values());
      const m = monthlyEnergy(watts, price);
      out.push({ cluster: c.name, node: n.name, watts, hours: m.hours, kwh: m.kwh, cost: m.cost, guests: guests.map((g) => g.name), targets: others.map((o) => o.name).filter((o) => used.has(o)) });
    }
  }
  return out;
}
