import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../electron/core/clock';
import { followTask } from '../../../electron/core/proxmox/follow';
import type { SimGuestSpec } from '../../../demo/pve/homelab';
import { PveSim } from '../../../demo/pve/sim';
import { simClient, startPveLab } from '../../helpers/pve';

interface Resource {
  vmid?: number;
  name?: string;
  node?: string;
  type: string;
  status?: string;
  tags?: string;
}

const extra: SimGuestSpec[] = [
  { vmid: 5000, name: 'load-a', type: 'lxc', node: 'um560', cpus: 1, memGiB: 0.25, diskGiB: 1, running: true, tags: ['bulk', 'edge'] },
  { vmid: 5001, name: 'load-b', type: 'qemu', node: 'gtr5', cpus: 1, memGiB: 0.25, diskGiB: 1, running: false, tags: [] },
];

// A lab of thousands is the reference homelab plus guests given to the simulator: served like any other guest.
describe('the PVE simulator with extra guests', () => {
  it('lists them in /cluster/resources and in their node\'s lists, beside the reference guests', async () => {
    const sim = await PveSim.start({ speed: 0.02, extraGuests: extra });
    const { client, close } = simClient(sim);
    try {
      const vms = (await client.request('GET', '/cluster/resources', { type: 'vm' })) as Resource[];
      assert.deepEqual(
        vms.filter((r) => r.name?.startsWith('load-')).map((r) => ({ vmid: r.vmid, name: r.name, node: r.node, type: r.type, status: r.status, tags: r.tags })),
        [
          { vmid: 5000, name: 'load-a', node: 'um560', type: 'lxc', status: 'running', tags: 'bulk;edge' },
          { vmid: 5001, name: 'load-b', node: 'gtr5', type: 'qemu', status: 'stopped', tags: undefined },
        ],
      );
      assert.ok(vms.some((r) => r.name === 'win2022'), 'the reference guests are still there');
      const lxc = (await client.request('GET', '/nodes/um560/lxc')) as Resource[];
      assert.ok(lxc.some((r) => r.vmid === 5000));
      const qemu = (await client.request('GET', '/nodes/gtr5/qemu')) as Resource[];
      assert.equal(qemu.find((r) => r.vmid === 5001)?.name, 'load-b');
      assert.equal(((await client.request('GET', '/nodes/um560/qemu')) as Resource[]).some((r) => r.name?.startsWith('load-')), false);
    } finally {
      await close();
      await sim.stop();
    }
  });

  it('starts one through the API like any guest', async () => {
    const sim = await PveSim.start({ speed: 0.02, extraGuests: extra });
    const { client, close } = simClient(sim);
    try {
      const upid = (await client.request('POST', '/nodes/gtr5/qemu/5001/status/start')) as string;
      const end = await followTask(client, upid, { clock: systemClock, signal: new AbortController().signal, pollMs: 10 });
      assert.equal(end.exitstatus, 'OK');
      assert.equal(sim.guest(5001).status, 'running');
      assert.equal(((await client.request('GET', '/nodes/gtr5/qemu/5001/status/current')) as Resource).status, 'running');
    } finally {
      await close();
      await sim.stop();
    }
  });

  it('reaches the snapshot, never backed up', async () => {
    const { lab, stop } = await startPveLab({ sim: { extraGuests: extra } });
    try {
      const s = await lab.pollOnce();
      const guests = s.proxmox[0].guests;
      assert.deepEqual(guests.filter((g) => g.name.startsWith('load-')).map((g) => [g.vmid, g.name, g.node, g.status, g.tags]), [
        [5000, 'load-a', 'um560', 'running', ['bulk', 'edge']],
        [5001, 'load-b', 'gtr5', 'stopped', []],
      ]);
      assert.equal(s.proxmox[0].backups.some((b) => b.vmid === 5000 || b.vmid === 5001), false);
      for (const vmid of [5000, 5001]) assert.match(s.checks.find((c) => c.id === `proxmox:home:backup:${vmid}`)?.summary ?? '', /never been backed up/);
    } finally {
      await stop();
    }
  });

  it('refuses a VMID already taken or a node it does not have, naming them', () => {
    assert.throws(() => new PveSim({ extraGuests: [{ ...extra[0], vmid: 101 }] }), /extra guest load-a: VMID 101 is already taken by win2022/);
    assert.throws(() => new PveSim({ extraGuests: [{ ...extra[0], node: 'pve9' }] }), /extra guest load-a: no node pve9 \(the nodes are um560, s500plus, gtr5\)/);
  });
});
