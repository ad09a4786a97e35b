import { UsageError, type CliArgs } from '../args';
import { explainError } from '../explain';
import { follow } from '../follow';
import { resolveGuests } from '../resolve';
import { withLab, type Io } from './io';

/** `labtray backup <guest...> | --set NAME`: vzdump now, each guest's task followed to its end. */
export function run(a: CliArgs, io: Io): Promise<number> {
  if (a.args.length === 0 && !a.set) throw new UsageError('backup', 'name the guests to back up, or a set with --set NAME');
  return withLab(a, async ({ lab }) => {
    const snap = await lab.pollOnce();
    const ids: string[] = [];
    if (a.args.length) {
      for (const p of resolveGuests(snap, a.args, { command: 'backup', cluster: a.cluster })) {
        const refs = await lab
          .invoke('startBackup', { cluster: p.cluster, vmids: p.guests.map((g) => g.vmid), set: a.set, storage: a.storage })
          .catch((err: unknown) => Promise.reject(explainError(err, 'vzdump', p.guests.map((g) => `${g.vmid} (${g.name})`).join(', '))));
        ids.push(...refs.map((r) => r.taskId));
      }
    } else {
      const cluster = a.cluster ?? snap.proxmox[0]?.name;
      if (!cluster) throw new UsageError('backup', 'no Proxmox VE cluster is configured');
      if (!a.cluster && snap.proxmox.length > 1) throw new UsageError('backup', `several clusters are configured (${snap.proxmox.map((c) => c.name).join(', ')}): say which with --cluster`);
      const refs = await lab.invoke('startBackup', { cluster, set: a.set, storage: a.storage }).catch((err: unknown) => Promise.reject(explainError(err, 'vzdump', a.set ?? cluster)));
      ids.push(...refs.map((r) => r.taskId));
    }
    return follow(lab, ids, { json: a.json, style: io.style, out: io.out });
  });
}
