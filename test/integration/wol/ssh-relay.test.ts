import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostConfig, LabConfig } from '../../../shared/config';
import { defineIntegration } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { systemAuthEnv } from '../../../electron/core/ssh/auth';
import { createSshIntegration } from '../../../electron/core/ssh/integration';
import { parseMac } from '../../../electron/core/wol/magic';
import { createWolIntegration } from '../../../electron/core/wol/integration';
import { generateKey, startSshd, type Sshd } from '../../helpers/sshd';
import { startSleepingMachine, type SleepingMachine } from '../../helpers/sleeping-machine';

const MAC = '02-ab-3c-4d-5e-6f';

describe('labtray wake orangepi5 from far away, through a real sshd relay running Debian\'s wakeonlan', () => {
  let sshd: Sshd;
  let home: string;
  before(async () => {
    sshd = await startSshd();
    home = mkdtempSync(join(tmpdir(), 'labtray-wol-home-'));
  });
  after(async () => {
    await sshd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const relay = (name: string, hostKey: string): HostConfig => ({
    name,
    wakeRelay: true,
    ssh: { host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.clientKeyPath, hostKey },
  });
  const target = (m: SleepingMachine, extra: Partial<HostConfig> = {}): HostConfig => ({ name: 'orangepi5', mac: MAC, broadcast: '127.0.0.1', ssh: { host: '127.0.0.1', port: m.sshPort }, ...extra });

  function labAway(config: LabConfig, m: SleepingMachine, secrets = new MemorySecretStore()): Lab {
    // Stands in for the location integration: this laptop is away from home.
    const away = defineIntegration({ provides: ['location'], build: () => ({ kind: 'location', sources: [], services: { location: { atHome: () => false } } }) });
    return new Lab({
      config,
      secrets,
      factories: [
        createSshIntegration({ authEnv: { ...systemAuthEnv(), env: {}, home }, connection: { connectTimeoutMs: 5_000 } }),
        away,
        createWolIntegration({ ports: [m.wolPort], watchIntervalMs: 100, limitMs: 30_000 }),
      ],
    });
  }

  async function wake(lab: Lab): Promise<{ state: string; message: string; log: string[] }> {
    await lab.pollOnce();
    const ref = await lab.invoke('wake', { host: 'orangepi5' });
    const t = await lab.tasks.wait(ref.taskId);
    return { state: t.state, message: t.message ?? '', log: t.log };
  }

  it('wakes the machine through the relay and reports the time until it answers', async () => {
    const m = await startSleepingMachine({ mac: parseMac(MAC)! });
    const lab = labAway({ hosts: [relay('openwrt', sshd.hostKeyFingerprint), target(m)] }, m);
    try {
      const t = await wake(lab);
      assert.equal(t.state, 'ok', t.message);
      assert.match(t.message, /^orangepi5 is up after [\d.]+ s \(answers on 127\.0\.0\.1:\d+\); woken through the SSH relay openwrt using wakeonlan$/);
      assert.equal(m.awake(), true);
      assert.equal(m.packets()[0].toString('hex'), 'ff'.repeat(6) + '02ab3c4d5e6f'.repeat(16));
    } finally {
      await lab.stop();
      await m.stop();
    }
  });

  it('never trusts a relay whose host key changed, and names both fingerprints', async () => {
    const m = await startSleepingMachine({ mac: parseMac(MAC)! });
    const stale = await generateKey(home, 'old_router_key');
    const lab = labAway({ hosts: [relay('openwrt', stale.fingerprint), target(m)] }, m);
    try {
      const t = await wake(lab);
      assert.equal(t.state, 'error');
      assert.match(t.message, /^could not wake orangepi5: every relay failed — openwrt: /);
      assert.ok(t.message.includes(stale.fingerprint) && t.message.includes(sshd.hostKeyFingerprint), t.message);
      assert.equal(m.packets().length, 0);
    } finally {
      await lab.stop();
      await m.stop();
    }
  });

  it('picks the relay that is reachable over one whose host key changed', async () => {
    const m = await startSleepingMachine({ mac: parseMac(MAC)! });
    const stale = await generateKey(home, 'old_router_key2');
    const lab = labAway({ hosts: [relay('openwrt', stale.fingerprint), relay('tailscale-gateway', sshd.hostKeyFingerprint), target(m)] }, m);
    try {
      const t = await wake(lab);
      assert.equal(t.state, 'ok', t.message);
      assert.match(t.message, /SSH relay tailscale-gateway using wakeonlan$/);
      assert.equal(m.awake(), true);
    } finally {
      await lab.stop();
      await m.stop();
    }
  });

  it('sends a SecureOn password through a fallback interpreter on the relay, since wakeonlan cannot', async () => {
    const password = parseMac('0a:0b:0c:0d:0e:0f')!;
    const m = await startSleepingMachine({ mac: parseMac(MAC)!, password });
    const secrets = new MemorySecretStore({ 'orangepi5-secureon': '0a0b0c0d0e0f' });
    const lab = labAway({ hosts: [relay('openwrt', sshd.hostKeyFingerprint), target(m, { secureOn: 'secret:orangepi5-secureon' })] }, m, secrets);
    try {
      const t = await wake(lab);
      assert.equal(t.state, 'ok', t.message);
      // wakeonlan cannot send a SecureOn password; python3 comes before perl, and both are on this machine.
      assert.match(t.message, /SSH relay openwrt using python3$/);
      assert.equal(m.packets()[0].length, 108);
    } finally {
      await lab.stop();
      await m.stop();
    }
  });
});
