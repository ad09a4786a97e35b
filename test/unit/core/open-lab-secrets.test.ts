import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { emptySnapshot } from '../../../shared/snapshot';
import { SnapshotCache } from '../../../electron/core/cache';
import { openLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { FakeClock } from '../../helpers/fake-clock';

const TOKEN = '0b0e7a2c-5d1e-4f6a-9c3b-2a1d4e5f6a7b';

describe('a real config’s secrets are known to the cache and the log from the start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-open-secrets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a snapshot that carries the Proxmox token is never written to the cache; one without it is', async () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `proxmox:\n  - name: home\n    endpoints: ["https://127.0.0.1:1"]\n    tokenId: "root@pam!labtray"\n    tokenSecret: "secret:pve-home"\n    fingerprint: "${'AB'.repeat(32)}"\n`);
    const cachePath = join(dir, 'snapshot.json');
    let cache: SnapshotCache | null = null;
    const clock = new FakeClock();
    const opened = await openLab({
      source: 'config',
      configPath: config,
      secrets: new MemorySecretStore({ 'pve-home': `root@pam!labtray=${TOKEN}`, unused: 'never-named-anywhere' }),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      clock,
      cache: (_demo, values) => (cache = new SnapshotCache({ path: cachePath, clock, secretValues: values, minIntervalMs: 0 })),
    });
    try {
      assert.ok(cache, 'the cache was made');
      assert.ok([...opened.secretValues()].includes(`root@pam!labtray=${TOKEN}`), 'the token is known before any client asked for it');
      assert.ok(![...opened.secretValues()].includes('never-named-anywhere'), 'only what the config names is read');
      const c = cache as SnapshotCache;
      // A bug puts the token into a check's error text: that snapshot is refused.
      c.save({ ...emptySnapshot(), version: 3, checks: [{ id: 'x', source: 'proxmox:home', status: 'crit', summary: 'login failed', error: `PVEAPIToken=root@pam!labtray=${TOKEN}`, observedAt: new Date(clock.now()).toISOString() }] });
      c.flush();
      assert.equal(existsSync(cachePath), false);
      c.save({ ...emptySnapshot(), version: 4 });
      c.flush();
      assert.equal(existsSync(cachePath), true);
    } finally {
      await opened.close();
    }
  });
});
