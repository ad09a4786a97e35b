import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Lab } from '../../../electron/core/lab/lab';
import { createProxmoxIntegration } from '../../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { createWolIntegration } from '../../../electron/core/wol/integration';
import { PveSim } from '../../../demo/pve/sim';
import { until } from '../../helpers/pve';

// gtr5 draws 35 W at low load: shut it down from LabTray, then wake it through another node.
describe('a Proxmox VE node shut down and woken again', () => {
  let sim: PveSim;
  let lab: Lab;
  before(async () => {
    sim = await PveSim.start({ speed: 0.05 });
    const ro = sim.tokens[1];
    const all = sim.tokens[0];
    lab = new Lab({
      config: {
        proxmox: [
          { name: 'home', endpoints: [sim.url], tokenId: all.id, tokenSecret: 'secret:pve-home', fingerprint: sim.fingerprint, timeout: 3000 },
          { name: 'readonly', endpoints: [sim.url], tokenId: ro.id, tokenSecret: 'secret:pve-ro', fingerprint: sim.fingerprint, timeout: 3000 },
        ],
      },
      secrets: new MemorySecretStore({ 'pve-home': all.secret, 'pve-ro': ro.secret }),
      factories: [createProxmoxIntegration({ taskPollMs: 10 }), createWolIntegration({ watchIntervalMs: 50, limitMs: 30_000, probe: async () => Promise.reject(new Error('no answer')) })],
    });
    await lab.pollOnce();
  });
  after(async () => {
    await lab.stop();
    await sim.stop();
  });

  it('stops the node with its guests, says it is off, and Wake brings both back', async () => {
    const running = [...sim.guests.values()].filter((g) => g.node === 'gtr5' && g.status === 'running').map((g) => g.vmid);
    assert.ok(running.length > 0, 'gtr5 runs guests in the reference lab');
    const ref = await lab.invoke('nodePower', { cluster: 'home', node: 'gtr5', action: 'shutdown' });
    const done = await lab.tasks.wait(ref.taskId);
    assert.equal(done.state, 'ok', done.message ?? '');
    assert.match(done.message ?? '', /^gtr5 is off after \d+ s; Wake brings it back$/);
    assert.equal(sim.nodes.get('gtr5')?.online, false);
    for (const vmid of running) assert.equal(sim.guests.get(vmid)?.status, 'stopped', `${vmid} stopped with its node`);
    const off = await until(lab, (s) => s.proxmox[0].nodes.find((n) => n.name === 'gtr5')?.status === 'offline');
    const target = off.wake.find((w) => w.name === 'gtr5');
    assert.deepEqual(target && { up: target.up, route: target.route }, { up: false, route: { kind: 'pve', via: 's500plus' } }, 'offered in Wake, through another node');

    await assert.rejects(lab.invoke('nodePower', { cluster: 'home', node: 'gtr5', action: 'shutdown' }), /gtr5 is offline: there is nothing to shut down/);

    const wake = await lab.invoke('wake', { host: 'gtr5' });
    const woke = await lab.tasks.wait(wake.taskId);
    assert.equal(woke.state, 'ok', woke.message ?? '');
    assert.match(woke.message ?? '', /gtr5 is up after .* \(Proxmox VE reports gtr5 online\); woken through Proxmox VE cluster home/);
    assert.deepEqual(sim.wakes, ['gtr5']);
    for (const vmid of running) assert.equal(sim.guests.get(vmid)?.status, 'running', `${vmid} started again with its node (onboot)`);
  });

  it('needs Sys.PowerMgmt: a read-only token is refused and the node keeps running', async () => {
    await lab.pollOnce();
    const ref = await lab.invoke('nodePower', { cluster: 'readonly', node: 'um560', action: 'shutdown' });
    const t = await lab.tasks.wait(ref.taskId);
    assert.equal(t.state, 'error');
    assert.match(t.message ?? '', /Sys\.PowerMgmt/);
    assert.equal(sim.nodes.get('um560')?.online, true);
  });
});
