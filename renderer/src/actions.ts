import { LabError, type LabApi } from '../../shared/api';
import type { GuestAction } from '../../shared/proxmox';
import type { StoreApi } from 'zustand/vanilla';
import type { LabState } from './store';

/** Runs one guest action on many guests (grouped per cluster), marking them pending at once. */
export async function runGuestAction(api: LabApi, store: StoreApi<LabState>, keys: string[], action: GuestAction): Promise<void> {
  const byCluster = new Map<string, number[]>();
  for (const k of keys) {
    const [cluster, vmid] = k.split('/');
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), Number(vmid)]);
  }
  const s = store.getState();
  s.markPending(keys, action, []);
  await Promise.all(
    [...byCluster].map(async ([cluster, vmids]) => {
      const ks = vmids.map((v) => `${cluster}/${v}`);
      try {
        const refs = await api.guestAction({ cluster, vmids, action });
        store.getState().markPending(ks, action, refs.map((r) => r.taskId));
      } catch (err) {
        store.getState().failPending(ks, err instanceof LabError || err instanceof Error ? err.message : String(err));
      }
    }),
  );
}

/** Stop is a hard power-off; shutdown of many guests at once is asked about too. */
export function needsConfirm(action: GuestAction, count: number): boolean {
  return action === 'stop' || (count > 1 && action !== 'start' && action !== 'resume');
}

/** The actions offered for a guest in a given state, most useful first. */
export function actionsFor(status: string): GuestAction[] {
  switch (status) {
    case 'running':
      return ['shutdown', 'reboot', 'stop'];
    case 'paused':
    case 'suspended':
      return ['resume', 'stop'];
    case 'stopped':
      return ['start'];
    default:
      return ['start', 'stop'];
  }
}
