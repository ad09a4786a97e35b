/** The on-demand reads behind a card's sparkline and a guest's panel: `history` and `guestDetail`. */
import { LabError, type LabArgs, type LabResults } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { Clock } from '../clock';
import type { ClusterHandle } from './actions';
import { BackupDurations } from './backup-durations';
import { readGuestDetail } from './guest-detail';
import { HistoryCache } from './history';

export interface DetailActions {
  history(input: LabArgs<'history'>): Promise<LabResults['history']>;
  guestDetail(input: LabArgs<'guestDetail'>): Promise<LabResults['guestDetail']>;
  /** rrddata requests sent so far, all clusters (for the bench). */
  historyRequests(): number;
}

export function detailActions(cluster: (name: string) => ClusterHandle, config: LabConfig, clock: Clock): DetailActions {
  const caches = new Map<string, HistoryCache>();
  const durations = new Map<string, BackupDurations>();
  const durationsOf = (name: string): BackupDurations => {
    let d = durations.get(name);
    if (!d) durations.set(name, (d = new BackupDurations()));
    return d;
  };
  const cacheOf = (name: string): HistoryCache => {
    let c = caches.get(name);
    if (!c) caches.set(name, (c = new HistoryCache(name, clock)));
    return c;
  };
  return {
    history: async (input) => {
      const h = cluster(input.cluster);
      const data = h.source.current();
      let guest: { vmid: number; type: 'qemu' | 'lxc' } | undefined;
      if (input.vmid !== undefined) {
        const g = data?.guests.find((x) => x.vmid === input.vmid);
        if (!g) throw new LabError('not-found', `${input.cluster}: no guest with vmid ${input.vmid}`);
        if (g.node !== input.node) throw new LabError('not-found', `${input.cluster}: guest ${input.vmid} is on ${g.node}, not ${input.node}`);
        guest = { vmid: g.vmid, type: g.type };
      } else if (data && !data.nodes.some((n) => n.name === input.node)) {
        throw new LabError('not-found', `${input.cluster}: no node named "${input.node}"`);
      }
      return cacheOf(h.name).read(() => h.client(), { node: input.node, guest, timeframe: input.timeframe });
    },
    guestDetail: async (input) => {
      const h = cluster(input.cluster);
      return readGuestDetail(h.name, await h.client(), {
        data: h.source.current(),
        durations: durationsOf(h.name),
        vmid: input.vmid,
        links: config.ui?.links?.[`${h.name}/${input.vmid}`] ?? [],
        nowMs: clock.now(),
      });
    },
    historyRequests: () => [...caches.values()].reduce((s, c) => s + c.requests, 0),
  };
}
