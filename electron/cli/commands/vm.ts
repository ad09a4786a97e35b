import { guestActions, type GuestAction } from '../../../shared/proxmox';
import { guardQuestion } from '../../../shared/tray-lab';
import { trayText } from '../../../shared/tray-text';
import { guardsAmong, type GuardedGuest, type WayHome } from '../../../shared/way-home';
import { askYesNo } from '../ask';
import { UsageError, type CliArgs } from '../args';
import { explainError } from '../explain';
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
    const guards = guardsAmong(snap.wayHome, picked.flatMap((p) => p.guests.map((g) => `${p.cluster}/${g.vmid}`)), action as GuestAction);
    if (guards.length && !(await goAhead(a, io, guards, action as GuestAction, snap.wayHome?.where))) return 1;
    const ids: string[] = [];
    for (const p of picked) {
      const refs = await lab
        .invoke('guestAction', { cluster: p.cluster, vmids: p.guests.map((g) => g.vmid), action: action as GuestAction })
        .catch((err: unknown) => Promise.reject(explainError(err, action, p.guests.map((g) => `${g.vmid} (${g.name})`).join(', '))));
      ids.push(...refs.map((r) => r.taskId));
    }
    return follow(lab, ids, { json: a.json, style: io.style, out: io.out });
  });
}

/** Taking down a guest that carries the way home: says what it costs and asks, unless --yes. No terminal and no --yes: refused. */
async function goAhead(a: CliArgs, io: Io, guards: GuardedGuest[], action: GuestAction, where: WayHome['where'] | undefined): Promise<boolean> {
  const t = trayText('en');
  for (const g of guards) {
    const q = guardQuestion(t, { name: g.name, action, guard: g.reason }, where);
    io.out.write(`${io.style.yellow(q.title)}\n${q.lines.map((l) => `  ${l}`).join('\n')}\n`);
  }
  const yes = await askYesNo(a.yes, `${action} anyway? [y/N] `, io);
  if (yes === 'no-tty') throw new UsageError('vm', `${guards.map((g) => g.name).join(', ')} carries the way home: add --yes to go ahead without being asked`);
  if (!yes) io.out.write('Nothing was sent.\n');
  return yes;
}
