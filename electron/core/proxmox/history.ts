/**
 * A node's or guest's history from PVE's rrddata, read only when the window
 * asks for it (never by the poller) and kept for a while per item and time
 * frame, so scrolling back to a card or reopening a panel costs no request.
 */
import type { HistoryPoint, HistoryTimeframe, ItemHistory } from '../../../shared/guest-detail';
import type { Clock } from '../clock';
import type { PveClient } from './client';

/** How long an answer stays good: about one row of the time frame, and never less than a minute. */
export const historyTtlMs: Record<HistoryTimeframe, number> = { hour: 60_000, day: 5 * 60_000, week: 30 * 60_000, month: 2 * 3600_000, year: 12 * 3600_000 };
const MAX_ENTRIES = 500;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One rrddata row in LabTray's shape; a node's memory is memused/memtotal, its disk I/O is not kept. */
export function historyPoint(row: unknown, isNode: boolean): HistoryPoint | null {
  if (!row || typeof row !== 'object') return null;
  const r = row as Record<string, unknown>;
  const time = num(r.time);
  if (time === null) return null;
  return {
    time,
    cpu: num(r.cpu),
    mem: num(isNode ? r.memused : r.mem),
    maxmem: num(isNode ? r.memtotal : r.maxmem),
    netin: num(r.netin),
    netout: num(r.netout),
    diskread: isNode ? null : num(r.diskread),
    diskwrite: isNode ? null : num(r.diskwrite),
  };
}

export interface HistoryRequest {
  node: string;
  /** The guest and its type; absent for the node. */
  guest?: { vmid: number; type: 'qemu' | 'lxc' };
  timeframe: HistoryTimeframe;
}

/** The history reads of one cluster, cached; two asks for the same item at once share one request. */
export class HistoryCache {
  private readonly entries = new Map<string, { at: number; value: Promise<ItemHistory> }>();
  /** rrddata requests sent (for the bench and tests). */
  requests = 0;

  constructor(
    private readonly cluster: string,
    private readonly clock: Clock,
  ) {}

  read(client: () => Promise<PveClient>, req: HistoryRequest, signal?: AbortSignal): Promise<ItemHistory> {
    const key = `${req.node}/${req.guest?.vmid ?? ''}/${req.timeframe}`;
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < historyTtlMs[req.timeframe]) return hit.value;
    const value = this.fetch(client, req, signal);
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    // A failed read is not kept: the next ask tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  private async fetch(client: () => Promise<PveClient>, req: HistoryRequest, signal?: AbortSignal): Promise<ItemHistory> {
    const c = await client();
    const node = encodeURIComponent(req.node);
    const path = req.guest ? `/nodes/${node}/${req.guest.type}/${req.guest.vmid}/rrddata` : `/nodes/${node}/rrddata`;
    this.requests++;
    const rows = await c.request('GET', path, { timeframe: req.timeframe, cf: 'AVERAGE' }, signal);
    const points = (Array.isArray(rows) ? rows : []).map((r) => historyPoint(r, !req.guest)).filter((p): p is HistoryPoint => p !== null);
    points.sort((a, b) => a.time - b.time);
    return { cluster: this.cluster, node: req.node, vmid: req.guest?.vmid ?? null, timeframe: req.timeframe, points, fetchedAt: this.clock.now() };
  }
}
