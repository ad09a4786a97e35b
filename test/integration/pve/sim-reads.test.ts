import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../electron/core/clock';
import type { PveClient } from '../../../electron/core/proxmox/client';
import { followTask } from '../../../electron/core/proxmox/follow';
import { PveSim } from '../../../demo/pve/sim';
import { simClient } from '../../helpers/pve';

interface Row {
  vmid: number;
  name: string;
  status: string;
  uptime: number;
  qmpstatus?: string;
}

// The per-node and per-guest reads a naive poller makes (the benchmark's baseline) follow the simulator's model.
describe('the simulator\'s per-node guest lists and per-guest status', () => {
  let sim: PveSim;
  let client: PveClient;
  let close: () => Promise<void>;
  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
    ({ client, close } = simClient(sim));
  });
  after(async () => {
    await close();
    await sim.stop();
  });

  it('lists each node\'s VMs and containers, and no guest of another node or type', async () => {
    const qemu = (await client.request('GET', '/nodes/um560/qemu')) as Row[];
    const lxc = (await client.request('GET', '/nodes/gtr5/lxc')) as Row[];
    const want = (node: string, type: string): number[] => [...sim.guests.values()].filter((g) => g.node === node && g.type === type).map((g) => g.vmid).sort();
    assert.deepEqual(qemu.map((r) => r.vmid).sort(), want('um560', 'qemu'));
    assert.deepEqual(lxc.map((r) => r.vmid).sort(), want('gtr5', 'lxc'));
    assert.equal(qemu.find((r) => r.vmid === 101)?.name, 'win2022');
  });

  it('a guest started through the API reads as running in its list and its current status', async () => {
    const current = (): Promise<Row> => client.request('GET', '/nodes/um560/qemu/101/status/current') as Promise<Row>;
    const was = await current();
    assert.equal(was.status, 'stopped');
    assert.equal(was.uptime, 0);
    const upid = (await client.request('POST', '/nodes/um560/qemu/101/status/start')) as string;
    const end = await followTask(client, upid, { clock: systemClock, signal: new AbortController().signal, pollMs: 10 });
    assert.equal(end.exitstatus, 'OK');
    const now = await current();
    assert.equal(now.status, 'running');
    assert.equal(now.qmpstatus, 'running');
    const listed = ((await client.request('GET', '/nodes/um560/qemu')) as Row[]).find((r) => r.vmid === 101);
    assert.equal(listed?.status, 'running');
  });

  it('a paused VM is running to PVE, paused to QMP', async () => {
    sim.guest(101).status = 'paused';
    const r = (await client.request('GET', '/nodes/um560/qemu/101/status/current')) as Row;
    assert.equal(r.status, 'running');
    assert.equal(r.qmpstatus, 'paused');
  });

  it('asking for a guest on the wrong node or of the wrong type fails like PVE', async () => {
    await assert.rejects(client.request('GET', '/nodes/gtr5/qemu/101/status/current'), /HTTP 500: Configuration file 'nodes\/gtr5\/qemu-server\/101\.conf' does not exist/);
    await assert.rejects(client.request('GET', '/nodes/um560/lxc/101/status/current'), /does not exist/);
  });

  it('a node that is down answers 595', async () => {
    sim.setNodeOnline('gtr5', false);
    try {
      await assert.rejects(client.request('GET', '/nodes/gtr5/lxc'), /HTTP 595/);
    } finally {
      sim.setNodeOnline('gtr5', true);
    }
  });
});
