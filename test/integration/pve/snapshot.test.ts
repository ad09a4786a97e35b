import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lab } from '../../../electron/core/lab/lab';
import type { PveSim } from '../../../demo/pve/sim';
import { startPveLab, until } from '../../helpers/pve';

const posts = (sim: PveSim): string[] => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/snapshot')).map((r) => r.path);

// Taking a snapshot through the LabApi against the simulated cluster: a task, the list that follows it, and PVE's refusals.
describe('taking a snapshot of a guest', () => {
  let sim: PveSim;
  let lab: Lab;
  let stop: () => Promise<void>;
  before(async () => {
    ({ sim, lab, stop } = await startPveLab());
    await until(lab, (s) => (s.proxmox[0]?.guests.length ?? 0) > 0);
  });
  after(() => stop());

  it('a VM\'s snapshot is a task that ends OK, after which the guest\'s panel lists it with its time and description', async () => {
    const before = Math.floor(Date.now() / 1000);
    const ref = await lab.invoke('snapshotGuest', { cluster: 'home', vmid: 111, name: 'labtray_20261204_0905', description: 'before the update', vmstate: true });
    const t = await lab.tasks.wait(ref.taskId);
    assert.equal(t.state, 'ok', t.message ?? '');
    assert.equal(t.action, 'snapshot');
    assert.equal(t.targetRef, 'guest:home/111');
    assert.match(t.upid ?? '', /:qmsnapshot:111:/);
    assert.ok(t.log.some((l) => /saving VM state/.test(l)), 'vmstate was asked for, so the RAM is saved');
    assert.deepEqual(posts(sim), ['/nodes/s500plus/qemu/111/snapshot']);
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 111 });
    const s = d.snapshots?.find((x) => x.name === 'labtray_20261204_0905');
    assert.ok(s, 'the new snapshot is listed');
    assert.equal(s.description, 'before the update');
    assert.ok((s.snaptime ?? 0) >= before, 'its snaptime is when it was taken');
    assert.equal(d.snapshots?.at(-1)?.name, 'labtray_20261204_0905', 'newest last');
    assert.equal(s.parent, 'zigbee_ok');
  });

  it('a container takes one too, and may not ask for a memory state', async () => {
    const ref = await lab.invoke('snapshotGuest', { cluster: 'home', vmid: 114, name: 'ct_snap' });
    const t = await lab.tasks.wait(ref.taskId);
    assert.equal(t.state, 'ok', t.message ?? '');
    assert.match(t.upid ?? '', /:vzsnapshot:114:/);
    const n = posts(sim).length;
    await assert.rejects(lab.invoke('snapshotGuest', { cluster: 'home', vmid: 114, name: 'ct_snap2', vmstate: true }), /vmstate: 114 \(.+\) is a container/);
    assert.equal(posts(sim).length, n, 'nothing was sent');
  });

  it('a name already used fails the task with PVE\'s words, and the list keeps one snapshot of that name', async () => {
    const ref = await lab.invoke('snapshotGuest', { cluster: 'home', vmid: 102, name: 'before_jellyfin_10_10' });
    const t = await lab.tasks.wait(ref.taskId);
    assert.equal(t.state, 'error');
    assert.match(t.message ?? '', /snapshot "before_jellyfin_10_10" of 102 \(docker-compose\) failed: snapshot name 'before_jellyfin_10_10' already used/);
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 102 });
    assert.equal(d.snapshots?.filter((x) => x.name === 'before_jellyfin_10_10').length, 1);
  });

  it('a guest PVE holds locked fails the task with the lock named, and no snapshot appears', async () => {
    sim.guest(103).lock = 'backup';
    try {
      const ref = await lab.invoke('snapshotGuest', { cluster: 'home', vmid: 103, name: 'while_locked' });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'error');
      assert.match(t.message ?? '', /locked \(backup\)/);
    } finally {
      sim.guest(103).lock = null;
    }
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 103 });
    assert.ok(!d.snapshots?.some((x) => x.name === 'while_locked'));
  });

  it('refuses bad names before anything is sent, naming the field and the rule', async () => {
    const n = posts(sim).length;
    const bad: [string, RegExp][] = [
      ['current', /name: is a name Proxmox VE keeps for itself/],
      ['Pending', /name: is a name Proxmox VE keeps for itself/],
      ['1st', /name: must start with a letter/],
      ['a', /name: must start with a letter.*at least 2/],
      ['with-dash', /name: must start with a letter and hold only letters, digits and "_"/],
      ['x'.repeat(41), /name: may be at most 40 characters long/],
      ['--all', /name: must start with a letter/],
    ];
    for (const [name, why] of bad) await assert.rejects(lab.invoke('snapshotGuest', { cluster: 'home', vmid: 111, name }), why, name);
    // The longest name PVE's schema allows still passes the contract.
    const ok = await lab.invoke('snapshotGuest', { cluster: 'home', vmid: 111, name: `a${'b'.repeat(39)}` });
    assert.equal((await lab.tasks.wait(ok.taskId)).state, 'ok');
    assert.equal(posts(sim).length, n + 1);
  });

  it('the simulator refuses what PVE refuses even when sent directly: a reserved name at once, a bad format as a parameter error', async () => {
    const { simClient } = await import('../../helpers/pve');
    const { client, close } = simClient(sim);
    try {
      await assert.rejects(client.request('POST', '/nodes/um560/qemu/102/snapshot', { snapname: 'current' }), /reserved name/);
      await assert.rejects(client.request('POST', '/nodes/um560/qemu/102/snapshot', { snapname: 'bad name' }), /snapname.*invalid configuration ID/s);
      await assert.rejects(client.request('POST', '/nodes/um560/lxc/102/snapshot', { snapname: 'ok_name' }), /does not exist/);
    } finally {
      await close();
    }
  });
});
