import type { LabConfig, ProxmoxClusterConfig } from '../../shared/config';
import type { Snapshot } from '../../shared/snapshot';
import type { Guest } from '../../shared/proxmox';
import { systemClock } from '../../electron/core/clock';
import { Lab } from '../../electron/core/lab/lab';
import { MemorySecretStore } from '../../electron/core/secrets';
import { PveClient, type PveAuth } from '../../electron/core/proxmox/client';
import { createProxmoxIntegration } from '../../electron/core/proxmox/integration';
import { createTlsAgent, fetchVia } from '../../electron/core/tls/agent';
import { PveSim, type PveSimOptions } from '../../demo/pve/sim';

/** A Lab with only the Proxmox integration, pointed at a fresh simulator (fast tasks). */
export async function startPveLab(opts: { sim?: PveSimOptions; cluster?: (c: ProxmoxClusterConfig, sim: PveSim) => ProxmoxClusterConfig; config?: Partial<LabConfig>; secrets?: Record<string, string> } = {}): Promise<{ sim: PveSim; lab: Lab; stop(): Promise<void> }> {
  const sim = await PveSim.start({ speed: 0.02, ...opts.sim });
  const token = sim.tokens[0];
  let cluster: ProxmoxClusterConfig = { name: 'home', endpoints: [sim.url], tokenId: token.id, tokenSecret: 'secret:pve-home', fingerprint: sim.fingerprint, timeout: 3000 };
  if (opts.cluster) cluster = opts.cluster(cluster, sim);
  const config: LabConfig = { proxmox: [cluster], ...opts.config };
  const lab = new Lab({
    config,
    secrets: new MemorySecretStore({ 'pve-home': token.secret, 'pve-ro': sim.tokens[1].secret, 'pve-root': sim.users[0].password, ...opts.secrets }),
    factories: [createProxmoxIntegration({ taskPollMs: 10 })],
  });
  return {
    sim,
    lab,
    stop: async () => {
      await lab.stop();
      await sim.stop();
    },
  };
}

/** A bare client for the simulator (token auth unless told otherwise). */
export function simClient(sim: PveSim, opts: { auth?: PveAuth; endpoints?: string[]; pins?: string[]; timeoutMs?: number } = {}): { client: PveClient; close(): Promise<void> } {
  const agent = createTlsAgent({ fingerprints: opts.pins ?? [sim.fingerprint], connectTimeoutMs: 2000 });
  const auth: PveAuth = opts.auth ?? { kind: 'token', tokenId: sim.tokens[0].id, secret: sim.tokens[0].secret };
  const client = new PveClient({ name: 'home', endpoints: opts.endpoints ?? [sim.url], auth, fetch: fetchVia(agent), clock: systemClock, timeoutMs: opts.timeoutMs ?? 3000 });
  return { client, close: () => agent.close() };
}

export function guestIn(s: Snapshot, vmid: number): Guest {
  const g = s.proxmox[0]?.guests.find((x) => x.vmid === vmid);
  if (!g) throw new Error(`guest ${vmid} not in the snapshot`);
  return g;
}

/**
 * Polls until the snapshot satisfies `ok` (a poll already in flight may carry
 * data read before the change). The test runner's timeout bounds it.
 */
export async function until(lab: Lab, ok: (s: Snapshot) => boolean): Promise<Snapshot> {
  for (;;) {
    const s = await lab.pollOnce();
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
}
