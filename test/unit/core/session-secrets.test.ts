import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { SettingsView } from '../../../shared/api';
import { openLab } from '../../../electron/core/open-lab';
import { SecretValues } from '../../../electron/core/redact';
import { SessionSecretStore, stageSecrets, type SecretStore } from '../../../electron/core/secrets';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const FP = 'AB:'.repeat(31) + 'AB';

describe("the preview's secret store: typed secrets in memory, in front of the environment", () => {
  it('a typed secret hides the environment’s value until it is forgotten; the environment is never changed', async () => {
    const env = { LABTRAY_SECRET_PVE_HOME: 'from-env' };
    const store = new SessionSecretStore({ get: async (n) => (n === 'pve-home' ? env.LABTRAY_SECRET_PVE_HOME : undefined), has: async (n) => n === 'pve-home' });
    assert.equal(store.persistent, false);
    assert.equal(await store.get('pve-home'), 'from-env');
    assert.equal(await store.has('pve-lab'), false);
    await store.set('pve-lab', 'typed-lab');
    await store.set('pve-home', 'typed-home');
    assert.equal(await store.get('pve-lab'), 'typed-lab');
    assert.equal(await store.get('pve-home'), 'typed-home');
    await store.delete('pve-home');
    await store.delete('pve-lab');
    assert.equal(await store.get('pve-home'), 'from-env', 'forgetting a typed value uncovers the environment’s');
    assert.equal(await store.has('pve-lab'), false);
    assert.deepEqual(env, { LABTRAY_SECRET_PVE_HOME: 'from-env' });
  });

  it('reads LABTRAY_SECRET_* from the process environment by default', async () => {
    process.env.LABTRAY_SECRET_SESSION_TEST = 'env-value';
    try {
      assert.equal(await new SessionSecretStore().get('session-test'), 'env-value');
    } finally {
      delete process.env.LABTRAY_SECRET_SESSION_TEST;
    }
  });

  it('a fresh secret staged through the Lab’s watched store is taken back when its save fails', async () => {
    const known = new SecretValues();
    const store = known.watch(new SessionSecretStore({ get: async () => undefined, has: async () => false }));
    assert.equal(store.persistent, false, 'the watched store still says it does not persist');
    const staged = await stageSecrets(store, { 'pve-new': 'typed-for-a-failing-save' });
    assert.equal(await store.get('pve-new'), 'typed-for-a-failing-save');
    assert.ok([...known.values()].includes('typed-for-a-failing-save'), 'the value is known to the log and cache filters');
    assert.deepEqual(await staged.undo(), []);
    assert.equal(await store.has('pve-new'), false);
  });
});

describe('Settings in a lab run on the session store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-session-secrets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function open(secrets: SecretStore, name: string) {
    const configPath = join(dir, `${name}.yaml`);
    writeFileSync(configPath, '');
    return { configPath, opened: await openLab({ source: 'config', configPath, explicit: true, secrets, log: quiet }) };
  }

  it('stores a typed token secret in memory only, says so, and a duplicate name keeps the first secret', async () => {
    const store = new SessionSecretStore({ get: async () => undefined, has: async () => false });
    const { configPath, opened } = await open(store, 'session');
    try {
      const cluster = { name: 'home', endpoints: ['https://127.0.0.1:1'], tokenId: 'labtray@pve!tray', tokenSecret: 'secret:pve-home', fingerprint: FP };
      const saved = await opened.lab.invoke('saveCluster', { cluster, secrets: { 'pve-home': 'the-first-typed-secret' } });
      assert.equal(saved.secretsPersist, false);
      assert.deepEqual(saved.secrets, [{ name: 'pve-home', stored: true }]);
      assert.equal(await store.get('pve-home'), 'the-first-typed-secret');
      const bytes = readFileSync(configPath);
      assert.match(bytes.toString(), /secret:pve-home/);
      for (const f of readdirSync(dir)) assert.ok(!readFileSync(join(dir, f), 'utf8').includes('the-first-typed-secret'), `${f} holds no typed secret`);

      await assert.rejects(opened.lab.invoke('saveCluster', { cluster: { ...cluster, endpoints: ['https://127.0.0.1:2'] }, secrets: { 'pve-home': 'a-second-secret' } }), /home/);
      assert.equal(await store.get('pve-home'), 'the-first-typed-secret', 'the refused save stored nothing');
      assert.deepEqual(readFileSync(configPath), bytes);
      assert.deepEqual(await opened.lab.invoke('getSettings', undefined), saved);
    } finally {
      await opened.close();
    }
  });

  it('a store that keeps its secrets (the app’s keychain store) is not flagged', async () => {
    const values = new Map<string, string>();
    const kept: SecretStore = { get: async (n) => values.get(n), has: async (n) => values.has(n), set: async (n, v) => void values.set(n, v), delete: async (n) => void values.delete(n) };
    const { opened } = await open(kept, 'kept');
    try {
      const view: SettingsView = await opened.lab.invoke('getSettings', undefined);
      assert.equal(view.secretsPersist, true);
    } finally {
      await opened.close();
    }
  });
});
