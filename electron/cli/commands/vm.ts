import { guestActions, type GuestAction } from '../../../shared/proxmox';
import { UsageError, type CliArgs } from '../args';
import { follow } from '../follow';
import { resolveGuests } from '../resolve';
import { withLab, type Io } from './io';

/** `labtray vm <action> <guest...>`: one task per guest, followed to its end. */
export function run(a: CliArgs, io: Io): Promise<number> {
  const [action, ...words] = a.args;
  if (action === undefined) throw new UsageError('vm', `say what to do: ${guestActions.join(', ')}`);
  if (!guestActions.includes(action as GuestAction)) throw new UsageError('vm', `unknown action "${action}" (one of ${guestActions.join(', ')})`);
  if (words.length === 0) throw new UsageError('vm', `name at least one guest to ${action} (a name like openwrt, or a vmid like 100)`);
  return withLab(a, async ({ lab }) => {
    const snap = await lab.pollOnce();
    const picked = resolveGuests(snap, words, { command: 'vm', cluster: a.cluster });
    const ids: string[] = [];
    for (const p of picked) {
      const refs = await lab.invoke('guestAction', { cluster: p.cluster, vmids: p.guests.map((g) => g.vmid), action: action as GuestAction });
      ids.push(...refs.map((r) => r.taskId));
    }
    return follow(lab, ids, { json: a.json, style: io.style, out: io.out });
  });
}
