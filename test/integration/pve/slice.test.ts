import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lab } from '../../../electron/core/lab/lab';
import type { PveSim } from '../../../demo/pve/sim';
import { startDemo } from '../../../demo/pve/demo';
import { Lab as LabClass } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { createProxmoxIntegration } from '../../../electron/core/proxmox/integration';
import { guestIn, startPveLab, until } from '../../helpers/pve';

describe('the first vertical slice: the demo cluster through the pinned client', () => {
  it('lists the reference homelab\'s nodes and guests with their states', async () => {
    const demo = await startDemo({ speed: 0.02 });
    const lab = new LabClass({ config: demo.config, secrets: new MemorySecretStore(demo.secrets), factories: [createProxmoxIntegration({ taskPollMs: 10 })] });
    try {
      const s = await lab.pollOnce();
      assert.equal(s.sources[0].error, null);
      const home = s.proxmox[0];
      assert.equal(home.name, 'home');
      assert.equal(home.clusterName, 'homelab');
      assert.equal(home.quorate, true);
      assert.deepEqual(home.nodes.map((n) => [n.name, n.status]), [['gtr5', 'online'], ['s500plus', 'online'], ['um560', 'online']]);
      for (const name of ['openwrt', 'docker-compose', 'win2022', 'k3s-main', 'k3s-data-1', 'k8s-data-2', 'tailscale-gateway', 'home-assistant', 'ubuntu-test']) {
        assert.ok(home.guests.some((g) => g.name === name), name);
      }
      assert.equal(home.guests.find((g) => g.name === 'openwrt')?.node, 'um560');
      assert.equal(home.guests.find((g) => g.name === 'tailscale-gateway')?.node, 's500plus');
      assert.equal(guestIn(s, 101).status, 'stopped');
      assert.equal(guestIn(s, 100).status, 'running');
      assert.ok(home.guests.some((g) => g.type === 'lxc'));
      assert.deepEqual(guestIn(s, 100).tags, ['router', 'backup']);
      assert.equal(home.nodes.find((n) => n.name === 'gtr5')?.detail?.cpuModel, 'AMD Ryzen 9 5900HX with Radeon Graphics');
      assert.ok(s.checks.some((c) => c.status === 'warn' && /gtr5 \/dev\/nvme0n1/.test(c.summary)), 'the worn NVMe in gtr5 shows');
    } finally {
      await lab.stop();
      await demo.stop();
    }
  });
});

describe('guest controls against the simulator', () => {
  let sim: PveSim;
  let lab: Lab;
  let stop: () => Promise<void>;
  before(async () => {
    ({ sim, lab, stop } = await startPveLab());
    await lab.pollOnce();
  });
  after(() => stop());

  it('clicking Start on a stopped guest runs a task to its end and the guest shows running', async () => {
    assert.equal(guestIn(lab.snapshot, 101).status, 'stopped');
    const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [101], action: 'start' });
    const t = await lab.tasks.wait(ref.taskId);
    assert.equal(t.state, 'ok', t.message ?? '');
    assert.equal(t.message, 'OK');
    assert.match(t.upid ?? '', /^UPID:um560:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:101:root@pam!labtray:$/);
    assert.equal(sim.guest(101).status, 'running');
    await until(lab, (s) => guestIn(s, 101).status === 'running');
  });

  it('a double click never sends two starts', async () => {
    await lab.pollOnce();
    const before = sim.requests.filter((r) => r.path.endsWith('/status/start')).length;
    const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [124], action: 'start' });
    await assert.rejects(lab.invoke('guestAction', { cluster: 'home', vmids: [124], action: 'start' }), /already running/);
    await lab.tasks.wait(ref.taskId);
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/status/start')).length - before, 1);
    assert.equal(sim.guest(124).status, 'running');
  });

  it('shutdown, stop, reboot, suspend and resume each end with the guest in the right state (qemu and lxc)', async () => {
    const steps: [number, 'shutdown' | 'stop' | 'reboot' | 'suspend' | 'resume' | 'start', string][] = [
      [102, 'suspend', 'paused'],
      [102, 'resume', 'running'],
      [102, 'reboot', 'running'],
      [102, 'shutdown', 'stopped'],
      [102, 'start', 'running'],
      [102, 'stop', 'stopped'],
      [114, 'suspend', 'paused'],
      [114, 'resume', 'running'],
      [114, 'reboot', 'running'],
      [114, 'shutdown', 'stopped'],
      [114, 'start', 'running'],
      [114, 'stop', 'stopped'],
    ];
    for (const [vmid, action, state] of steps) {
      const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [vmid], action });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'ok', `${action} ${vmid}: ${t.message}`);
      assert.equal(sim.guest(vmid).status, state, `${action} ${vmid}`);
      await until(lab, (s) => guestIn(s, vmid).status === state);
    }
  });

  it('acts on a selection: one task per guest', async () => {
    await lab.pollOnce();
    const refs = await lab.invoke('guestAction', { cluster: 'home', vmids: [120, 121, 122], action: 'stop' });
    assert.equal(refs.length, 3);
    const ends = await Promise.all(refs.map((r) => lab.tasks.wait(r.taskId)));
    assert.ok(ends.every((t) => t.state === 'ok'));
    assert.deepEqual([120, 121, 122].map((v) => sim.guest(v).status), ['stopped', 'stopped', 'stopped']);
  });

  it('a shutdown of a guest without an agent times out and says to force it; with forceStop it stops', async () => {
    await lab.pollOnce();
    const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [123], action: 'shutdown', timeout: 1 });
    const t = await lab.tasks.wait(ref.taskId);
    assert.equal(t.state, 'error');
    assert.match(t.message ?? '', /shutdown of 123 \(ubuntu-test\) timed out: VM quit\/powerdown failed - got timeout .*use Stop/);
    assert.equal(sim.guest(123).status, 'running');
    const [ref2] = await lab.invoke('guestAction', { cluster: 'home', vmids: [123], action: 'shutdown', timeout: 1, forceStop: true });
    assert.equal((await lab.tasks.wait(ref2.taskId)).state, 'ok');
    assert.equal(sim.guest(123).status, 'stopped');
  });

  it('a locked guest refuses the action and the task says why', async () => {
    sim.guest(104).lock = 'backup';
    try {
      await until(lab, (s) => guestIn(s, 104).lock === 'backup');
      const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [104], action: 'stop' });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'error');
      assert.match(t.message ?? '', /locked \(backup\): a backup is running/);
      assert.equal(sim.guest(104).status, 'running');
    } finally {
      sim.guest(104).lock = null;
    }
  });

  it('the server refuses a guest locked after our last read, with its own reason', async () => {
    await lab.pollOnce();
    sim.guest(105).lock = 'migrate';
    try {
      const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [105], action: 'reboot' });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'error');
      assert.match(t.message ?? '', /locked \(migrate\)/);
    } finally {
      sim.guest(105).lock = null;
    }
  });

  it('a node going offline turns its guests unknown and the node critical', async () => {
    sim.setNodeOnline('gtr5', false);
    try {
      const s = await until(lab, (x) => x.proxmox[0].nodes.find((n) => n.name === 'gtr5')?.status !== 'online');
      assert.equal(s.proxmox[0].nodes.find((n) => n.name === 'gtr5')?.status, 'offline');
      assert.ok(s.proxmox[0].guests.filter((g) => g.node === 'gtr5').every((g) => g.status === 'unknown'));
      assert.equal(s.checks.find((c) => c.id === 'proxmox:home:node:gtr5')?.status, 'crit');
      assert.equal(s.sources[0].error, null, 'the other nodes are still read');
    } finally {
      sim.setNodeOnline('gtr5', true);
    }
  });

  it('an unknown vmid is refused before anything is sent', async () => {
    await assert.rejects(lab.invoke('guestAction', { cluster: 'home', vmids: [777], action: 'start' }), /no guest with vmid 777/);
  });
});
