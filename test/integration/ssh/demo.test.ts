import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../../shared/config';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { sshIntegration } from '../../../electron/core/ssh/integration';
import { startDemo } from '../../../demo/ssh/demo';

describe('demo SSH hosts', () => {
  it('serves orangepi5 over a pinned, key-authenticated SSH server and shows rockpi5a offline but wakeable', async () => {
    const demo = await startDemo();
    const lab = new Lab({ config: configSchema.parse(demo.config), secrets: new MemorySecretStore(demo.secrets), factories: [sshIntegration] });
    try {
      const snap = await lab.pollOnce();
      const opi = snap.hosts.find((h) => h.name === 'orangepi5')!;
      assert.equal(opi.reachable, true);
      assert.equal(opi.cores, 8);
      assert.equal(opi.wakeable, true);
      assert.ok(opi.memTotal! > 7 * 2 ** 30 && opi.memTotal! < 8 * 2 ** 30);
      assert.ok(snap.checks.some((c) => c.id === 'host:orangepi5:disk:/' && /full/.test(c.summary)));
      assert.ok(snap.checks.some((c) => c.id === 'host:orangepi5:smart:mmcblk0' && c.status === 'unknown'));
      const rock = snap.hosts.find((h) => h.name === 'rockpi5a')!;
      assert.equal(rock.reachable, false);
      const relay = await lab.invoke('testConnection', { kind: 'ssh', name: 'orangepi5' });
      assert.equal(relay.ok, true, relay.message);
    } finally {
      await lab.stop();
      await demo.stop();
    }
  });
});
