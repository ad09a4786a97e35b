import type { LabConfig } from '../../shared/config';
import type { PveSim } from '../../demo/pve/sim';

const nodes = ['um560', 's500plus', 'gtr5'];

/** Grows a simulated cluster to `total` guests through its model (the simulator has no size option). */
export function growTo(sim: PveSim, total: number): void {
  let vmid = 5000;
  while (sim.guests.size < total) {
    while (sim.guests.has(vmid)) vmid++;
    const i = sim.guests.size;
    sim.guests.set(vmid, {
      vmid, name: `bench-${vmid}`, type: i % 4 ? 'qemu' : 'lxc', node: nodes[i % 3], cpus: 2, memGiB: 2, diskGiB: 16,
      running: i % 7 !== 0, tags: i % 5 ? [] : ['bench'], status: i % 7 ? 'running' : 'stopped', lock: null, startedAt: i % 7 ? Math.floor(Date.now() / 1000) - 3600 : null,
    });
    vmid++;
  }
}

/** The config entry that points LabTray at a simulator, pinned by fingerprint. */
export function clusterConfig(name: string, sim: PveSim, timeoutMs = 5_000): NonNullable<LabConfig['proxmox']>[number] {
  const token = sim.tokens.find((t) => t.privileges === 'all')!;
  return { name, endpoints: [sim.url], tokenId: token.id, tokenSecret: `secret:${name}`, fingerprint: sim.fingerprint, interval: 10_000, timeout: timeoutMs };
}

export function secretsFor(names: string[], sims: PveSim[]): Record<string, string> {
  return Object.fromEntries(names.map((n, i) => [n, sims[i].tokens.find((t) => t.privileges === 'all')!.secret]));
}
