import { guardOf } from '../../../shared/way-home';
import { snapshotNameProblem } from '../../../shared/snapshot-name';
import { trayText } from '../../../shared/tray-text';
import { askYesNo } from '../ask';
import { UsageError, type CliArgs } from '../args';
import { explainError } from '../explain';
import { follow } from '../follow';
import { resolveGuests } from '../resolve';
import { withLab, type Io } from './io';

/** `labtray snapshot <guest> <name>`: takes a snapshot and follows the task; a guest on the way home is asked about first. */
export function run(a: CliArgs, io: Io): Promise<number> {
  const [guest, name, ...rest] = a.args;
  if (guest === undefined || name === undefined) throw new UsageError('snapshot', 'name the guest and the snapshot, e.g. labtray snapshot home-assistant before_update');
  if (rest.length) throw new UsageError('snapshot', `one guest at a time: "${rest.join(' ')}" is left over`);
  const problem = snapshotNameProblem(name);
  if (problem) throw new UsageError('snapshot', `snapshot name "${name}" ${problem}`);
  return withLab(a, async ({ lab }) => {
    const snap = await lab.pollOnce();
    const [picked] = resolveGuests(snap, [guest], { command: 'snapshot', cluster: a.cluster });
    const g = picked.guests[0];
    const guard = guardOf(snap.wayHome, picked.cluster, g.vmid);
    if (guard) {
      const t = trayText('en');
      const lines = [t('ui:guestPanel.snapshotPause', { name: g.name }), t(`ui:guard.${guard.reason}`, { name: g.name }), t(snap.wayHome?.where === 'away' ? 'ui:guard.away' : 'ui:guard.home')];
      io.out.write(`${io.style.yellow(t('ui:guestPanel.snapshotAsk', { name: g.name }))}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
      const yes = await askYesNo(a.yes, `${t('ui:guard.anyway', { action: t('ui:guestPanel.takeSnapshot') })}? [y/N] `, io);
      if (yes === 'no-tty') throw new UsageError('snapshot', `${g.name} carries the way home: add --yes to go ahead without being asked`);
      if (!yes) {
        io.out.write('Nothing was sent.\n');
        return 1;
      }
    }
    const ref = await lab.invoke('snapshotGuest', { cluster: picked.cluster, vmid: g.vmid, name }).catch((err: unknown) => Promise.reject(explainError(err, 'snapshot', `${g.vmid} (${g.name})`)));
    return follow(lab, [ref.taskId], { json: a.json, style: io.style, out: io.out });
  });
}
