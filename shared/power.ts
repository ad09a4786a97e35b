import type { ProxmoxCluster } from './proxmox';

/**
 * What the lab costs: watts from power sensors, an energy ledger integrated
 * over time, guest cost estimates and advice. Pure functions; the clock and the
 * readings come in as arguments.
 */

/** What a sensor measures: a Proxmox VE node, a host of `hosts:`, or a free name (router, disk enclosure). */
export type PowerTargetKind = 'node' | 'host' | 'other';

/** One sensor as the power source last read it. */
export interface SensorReading {
  entity: string;
  /** The machine's name (node, host or free name). */
  name: string;
  kind: PowerTargetKind;
  cluster?: string;
  /** Watts, or null when the sensor did not give a number ("unavailable"). */
  watts: number | null;
}

/** One read of every configured sensor. */
export interface PowerReading {
  /** Epoch ms of the read. */
  readAt: number;
  sensors: SensorReading[];
  /** Earlier days' energy from Home Assistant's recorder (read once), merged where the ledger has nothing. */
  past?: DailyEnergy[];
}

/** Energy of one local calendar day, `YYYY-MM-DD`. */
export interface DailyEnergy {
  day: string;
  kwh: number;
}

/** The energy ledger: daily kWh (a ring of the last LEDGER_DAYS days) and the last total draw it integrated from. */
export interface EnergyLedger {
  days: DailyEnergy[];
  lastAt: number | null;
  lastWatts: number | null;
}

/** Days kept in the ledger (the chart shows 30; one more covers the month's first day). */
export const LEDGER_DAYS = 40;
/** A gap between two reads longer than this is not filled in: nobody knows what the lab drew then. */
export const MAX_GAP_MS = 15 * 60_000;
/** Hours in the month used for monthly costs (30 days). */
export const MONTH_HOURS = 720;

export const emptyLedger = (): EnergyLedger => ({ days: [], lastAt: null, lastWatts: null });

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The start (epoch ms) of the local day after the one `ms` falls in. */
function nextMidnight(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** The sum of the watts the sensors gave (unavailable sensors count nothing). */
export function totalWatts(r: PowerReading): number {
  return r.sensors.reduce((sum, s) => sum + (s.watts ?? 0), 0);
}

function addKwh(days: DailyEnergy[], day: string, kwh: number): DailyEnergy[] {
  const i = days.findIndex((d) => d.day === day);
  if (i >= 0) return days.map((d, j) => (j === i ? { day, kwh: d.kwh + kwh } : d));
  return [...days, { day, kwh }].sort((a, b) => (a.day < b.day ? -1 : 1));
}

/**
 * Adds one reading to the ledger: the draw of the previous reading held until
 * this one, split at local midnights. Idempotent for a reading already counted;
 * a gap over MAX_GAP_MS is left out.
 */
export function recordEnergy(ledger: EnergyLedger, reading: PowerReading | null): EnergyLedger {
  if (!reading) return ledger;
  if (ledger.lastAt !== null && reading.readAt <= ledger.lastAt) return ledger;
  const watts = totalWatts(reading);
  let days = ledger.days;
  if (ledger.lastAt !== null && ledger.lastWatts !== null && reading.readAt - ledger.lastAt <= MAX_GAP_MS) {
    let from = ledger.lastAt;
    while (from < reading.readAt) {
      const to = Math.min(nextMidnight(from), reading.readAt);
      days = addKwh(days, dayOf(from), (ledger.lastWatts * (to - from)) / 3_600_000 / 1000);
      from = to;
    }
  }
  return { days: days.slice(-LEDGER_DAYS), lastAt: reading.readAt, lastWatts: watts };
}

/** Days the ledger does not have yet, taken from an earlier record (Home Assistant's history, the demo's past). */
export function mergePast(ledger: EnergyLedger, past: readonly DailyEnergy[]): EnergyLedger {
  const have = new Set(ledger.days.map((d) => d.day));
  const days = [...ledger.days, ...past.filter((d) => !have.has(d.day))].sort((a, b) => (a.day < b.day ? -1 : 1));
  return { ...ledger, days: days.slice(-LEDGER_DAYS) };
}

/** The last `n` days up to `now`'s day, a zero for each day the ledger has nothing for. */
export function lastDays(ledger: EnergyLedger, now: number, n = 30): DailyEnergy[] {
  const d = new Date(now);
  const out: DailyEnergy[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const day = dayOf(new Date(d.getFullYear(), d.getMonth(), d.getDate() - i, 12).getTime());
    out.push({ day, kwh: ledger.days.find((x) => x.day === day)?.kwh ?? 0 });
  }
  return out;
}

/** The kWh of `now`'s calendar month so far. */
export function monthKwh(ledger: EnergyLedger, now: number): number {
  const month = dayOf(now).slice(0, 7);
  return ledger.days.filter((d) => d.day.startsWith(month)).reduce((s, d) => s + d.kwh, 0);
}

/** A steady draw over a 30-day month: watts × 720 h = kWh (× price = cost). */
export function monthlyEnergy(watts: number, price: number | null): { watts: number; hours: number; kwh: number; cost: number | null } {
  const kwh = (watts * MONTH_HOURS) / 1000;
  return { watts, hours: MONTH_HOURS, kwh, cost: price === null ? null : kwh * price };
}

/** A guest's estimated share of its node's draw. */
export interface GuestCost {
  cluster: string;
  vmid: number;
  name: string;
  node: string;
  /** Its share of the node's CPU use, 0..1. */
  share: number;
  watts: number;
  /** Over a 30-day month. */
  kwh: number;
  cost: number | null;
}

const cpuCores = (cpu: number | null, maxcpu: number | null): number => Math.max(0, cpu ?? 0) * Math.max(0, maxcpu ?? 0);

/** Each running guest's cost: its node's watts × its share of the CPU its node's guests use; most expensive first. */
export function guestCosts(clusters: readonly ProxmoxCluster[], reading: PowerReading | null, price: number | null): GuestCost[] {
  if (!reading) return [];
  const out: GuestCost[] = [];
  for (const c of clusters) {
    for (const node of c.nodes) {
      const sensor = reading.sensors.find((s) => s.kind === 'node' && s.name === node.name && (s.cluster === undefined || s.cluster === c.name));
      if (!sensor || sensor.watts === null) continue;
      const guests = c.guests.filter((g) => g.node === node.name && g.status === 'running' && !g.template);
      const used = guests.reduce((s, g) => s + cpuCores(g.cpu, g.maxcpu), 0);
      if (used <= 0) continue;
      for (const g of guests) {
        const share = cpuCores(g.cpu, g.maxcpu) / used;
        const m = monthlyEnergy(sensor.watts * share, price);
        out.push({ cluster: c.name, vmid: g.vmid, name: g.name, node: node.name, share, watts: m.watts, kwh: m.kwh, cost: m.cost });
      }
    }
  }
  return out.sort((a, b) => b.watts - a.watts || a.vmid - b.vmid);
}

/**
 * Daily kWh from recorded states (Home Assistant's history: each entity's
 * value held until its next change), up to `end`; non-numbers count nothing.
 */
export function historyEnergy(lists: readonly (readonly { state: string; last_changed: string }[])[], end: number): DailyEnergy[] {
  let days: DailyEnergy[] = [];
  for (const list of lists) {
    const points = list.map((p) => ({ at: Date.parse(p.last_changed), watts: Number(p.state) })).filter((p) => Number.isFinite(p.at));
    points.forEach((p, i) => {
      const until = Math.min(i + 1 < points.length ? points[i + 1].at : end, end);
      if (!Number.isFinite(p.watts) || p.watts < 0) return;
      for (let from = p.at; from < until; ) {
        const to = Math.min(nextMidnight(from), until);
        days = addKwh(days, dayOf(from), (p.watts * (to - from)) / 3_600_000 / 1000);
        from = to;
      }
    });
  }
  return days;
}
