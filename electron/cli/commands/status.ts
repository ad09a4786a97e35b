import type { CliArgs } from '../args';
import { defaultConfigPath } from '../../core/config/paths';
import { formatStatus } from '../status-text';
import { withLab, type Io } from './io';

/** `labtray status`: every source polled once; 1 when something is critical. */
export function run(a: CliArgs, io: Io): Promise<number> {
  return withLab(a, async ({ lab, demo }) => {
    const snap = await lab.pollOnce();
    io.out.write(a.json ? JSON.stringify(snap, null, 2) + '\n' : formatStatus(snap, false, io.style) + '\n');
    // First contact: a certificate neither pinned nor CA-signed got the handshake only; show it and the line that trusts it.
    const unpinned = !demo && (lab.currentConfig.proxmox ?? []).some((c) => !c.fingerprint && !c.fingerprints?.length && !c.caFile);
    // Loaded only when a cluster may be met for the first time: `trust` brings ssh2 along.
    const firstContact = unpinned ? await (await import('./trust')).firstContactReport(lab.currentConfig, a.config ?? defaultConfigPath()) : null;
    if (firstContact) (a.json ? io.err : io.out).write(`\n${firstContact}\n`);
    return snap.status === 'crit' || firstContact ? 1 : 0;
  });
}
