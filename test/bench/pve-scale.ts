import type { LabConfig } from '../../shared/config';
import { simRoutes, type PveSim, type SimGuest, type SimRoute } from '../sim/pve/sim';

const GiB = 1024 ** 3;

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

/**
 * The simulator serves what LabTray reads; a naive poller also reads the
 * per-node guest lists and each guest's current status. Until the simulator
 * has them, the bench adds those three read-only routes (PVE API names and
 * shapes) over the same model.
 */
export function addNaivePollerRoutes(): void {
  const guestRow = (g: SimGuest): Record<string, unknown> => ({
    vmid: g.vmid, name: g.name, status: g.status, cpus: g.cpus, maxmem: Math.round(g.memGiB * GiB), maxdisk: g.diskGiB * GiB,
    uptime: g.startedAt && g.status !== 'stopped' ? Math.floor(Date.now() / 1000) - g.startedAt : 0, ...(g.tags.length ? { tags: g.tags.join(';') } : {}),
  });
  const have = new Set(simRoutes.map((r) => `${r.method} ${r.path}`));
  const add = (r: SimRoute): void => {
    if (!have.has(`${r.method} ${r.path}`)) simRoutes.push(r);
  };
  for (const type of ['qemu', 'lxc'] as const) {
    add({ method: 'GET', path: `/nodes/{node}/${type}`, params: ['node', 'full'], nodeMustBeOnline: true, handler: (c) => [...c.sim.guests.values()].filter((g) => g.node === c.params.node && g.type === type).map(guestRow) });
    add({ method: 'GET', path: `/nodes/{node}/${type}/{vmid}/status/current`, params: ['node', 'vmid'], nodeMustBeOnline: true, handler: (c) => guestRow(c.sim.guestOn(c.params.node, c.params.vmid, type)) });
  }
}
