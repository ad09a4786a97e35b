import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineIntegration } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { createProxmoxIntegration } from '../../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { createWolIntegration } from '../../../electron/core/wol/integration';
import { PveSim } from '../../../demo/pve/sim';

/** Stands in for the location integration: this laptop is away from home. */
const away = defineIntegration({ provides: ['location'], build: () => ({ kind: 'location', sources: [], services: { location: { atHome: () => false } } }) });

describe('labtray wake gtr5 from far away, through the Proxmox VE cluster (simulator)', () => {
  it('asks PVE to wake the sleeping node and reports it up once PVE sees it online', async () => {
    const sim = await PveSim.start({ speed: 0.02 });
    sim.setNodeOnline('gtr5', false);
    const token = sim.tokens[0];
    const lab = new Lab({
      config: { proxmox: [{ name: 'home', endpoints: [sim.url], tokenId: token.id, tokenSecret: 'secret:pve-home', fingerprint: sim.fingerprint, timeout: 3000 }] },
      secrets: new MemorySecretStore({ 'pve-home': token.secret }),
      // PVE confirms a node online from /cluster/status, read every 30 s by default; the test reads it often.
      factories: [createProxmoxIntegration({ taskPollMs: 10, cadence: { clusterStatusMs: 100 } }), away, createWolIntegration({ watchIntervalMs: 50, limitMs: 30_000 })],
    });
    try {
      const before = await lab.pollOnce();
      assert.equal(before.proxmox[0].nodes.find((n) => n.name === 'gtr5')?.status, 'offline');
      const ref = await lab.invoke('wake', { host: 'gtr5' });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'ok', t.message ?? '');
      assert.match(t.message ?? '', /^gtr5 is up after [\d.]+ s \(Proxmox VE reports gtr5 online\); woken through Proxmox VE cluster home \(POST \/nodes\/gtr5\/wakeonlan\)$/);
      assert.deepEqual(sim.wakes, ['gtr5']);
    } finally {
      await lab.stop();
      await sim.stop();
    }
  });

  it('says a node PVE does not know cannot be woken without a MAC', async () => {
    const sim = await PveSim.start({ speed: 0.02 });
    const token = sim.tokens[0];
    const lab = new Lab({
      config: { proxmox: [{ name: 'home', endpoints: [sim.url], tokenId: token.id, tokenSecret: 'secret:pve-home', fingerprint: sim.fingerprint, timeout: 3000 }] },
      secrets: new MemorySecretStore({ 'pve-home': token.secret }),
      factories: [createProxmoxIntegration({ taskPollMs: 10 }), away, createWolIntegration()],
    });
    try {
      await lab.pollOnce();
      await assert.rejects(lab.invoke('wake', { host: 'orangepi5' }), /no host named "orangepi5" in hosts:, and no Proxmox VE node of that name/);
      assert.deepEqual(sim.wakes, []);
    } finally {
      await lab.stop();
      await sim.stop();
    }
  });
});
