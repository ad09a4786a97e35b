import type { CliArgs } from '../args';
import { formatStatus } from '../status-text';
import { withLab, type Io } from './io';

/** `labtray status`: every source polled once; 1 when something is critical. */
export function run(a: CliArgs, io: Io): Promise<number> {
  return withLab(a, async ({ lab }) => {
    const snap = await lab.pollOnce();
    io.out.write(a.json ? JSON.stringify(snap, null, 2) + '\n' : formatStatus(snap, false, io.style) + '\n');
    return snap.status === 'crit' ? 1 : 0;
  });
}
