import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { SafeStorageSecretStore, type SafeStorageLike } from '../../../electron/main/secret-store';

/** safeStorage stand-in: XOR with a per-"user" key, so another user's key cannot read the file. */
function keychain(key: number, opts: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), xor(Buffer.from(s, 'utf8'))]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const s = xor(b.subarray(3)).toString('utf8');
      if (!/^[\x20-\x7e]*$/.test(s)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return s;
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

describe('safeStorage secret store', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labtray-secrets-'));
    file = join(dir, 'userData', 'secrets.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('forgets a secret typed in for a save that failed, for good, leaving the others and the environment fallback', async () => {
    const store = new SafeStorageSecretStore({ file, safeStorage: keychain(0x5a), platform: 'win32', fallback: new MemorySecretStore({ 'pve-office': 'from-env' }) });
    await store.set('pve-home', 'home-token');
    await store.set('pve-office', 'typed-token');
    await store.delete('pve-office');
    const again = new SafeStorageSecretStore({ file, safeStorage: keychain(0x5a), platform: 'win32' });
    assert.equal(await again.has('pve-office'), false, 'gone from the file');
    assert.equal(await again.get('pve-home'), 'home-token');
    assert.equal(await store.get('pve-office'), 'from-env', 'the environment still answers');
  });

  it('stores the Proxmox token encrypted, never in plain text, readable after a restart', async () => {
    const token = 'c0ffee00-1111-4222-8333-444455556666';
    await new SafeStorageSecretStore({ file, safeStorage: keychain(0x5a), platform: 'win32' }).set('pve-home', token);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(token));
    assert.ok(!text.includes(Buffer.from(token).toString('base64')));
    const again = new SafeStorageSecretStore({ file, safeStorage: keychain(0x5a), platform: 'win32' });
    assert.equal(await again.get('pve-home'), token);
    assert.equal(await again.has('pve-home'), true);
    assert.equal(await again.has('metrics'), false);
  });

  it('writes the file for the owner only', { skip: process.platform === 'win32' }, async () => {
    await new SafeStorageSecretStore({ file, safeStorage: keychain(1), platform: 'linux' }).set('orangepi5-key', 'passphrase');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('keeps every secret when several are saved at once', async () => {
    const store = new SafeStorageSecretStore({ file, safeStorage: keychain(3), platform: 'darwin' });
    await Promise.all(['pve-home', 'pve-lab', 'metrics', 'orangepi5'].map((n, i) => store.set(n, `value-${i}`)));
    const fresh = new SafeStorageSecretStore({ file, safeStorage: keychain(3), platform: 'darwin' });
    assert.deepEqual(await Promise.all(['pve-home', 'pve-lab', 'metrics', 'orangepi5'].map((n) => fresh.get(n))), ['value-0', 'value-1', 'value-2', 'value-3']);
  });

  it('holds no secret it was never given, whatever the name: constructor, toString, __proto__, hasOwnProperty', async () => {
    const store = new SafeStorageSecretStore({ file, safeStorage: keychain(7), platform: 'win32' });
    await store.set('pve-home', 'c0ffee');
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      assert.equal(await store.has(name), false, `${name} is not stored`);
      assert.equal(await store.get(name), undefined, `${name} has no value`);
    }
    // One stored under such a name is read back as itself, after a restart too.
    await store.set('constructor', 'a-real-secret');
    const again = new SafeStorageSecretStore({ file, safeStorage: keychain(7), platform: 'win32' });
    assert.equal(await again.get('constructor'), 'a-real-secret');
    assert.equal(await again.has('toString'), false);
    assert.equal(await again.get('pve-home'), 'c0ffee');
  });

  it('falls back to LABTRAY_SECRET_* when a name is not stored', async () => {
    const store = new SafeStorageSecretStore({ file, safeStorage: keychain(1), fallback: new MemorySecretStore({ 'pve-home': 'from-env' }) });
    assert.equal(await store.get('pve-home'), 'from-env');
    assert.equal(await store.has('pve-home'), true);
    assert.equal(await store.get('unknown'), undefined);
  });

  it('refuses to store when no keychain is available, saying what to do instead', async () => {
    const store = new SafeStorageSecretStore({ file, safeStorage: keychain(1, { available: false }) });
    await assert.rejects(store.set('pve-home', 'x'), /system keychain is not available.*LABTRAY_SECRET_/);
  });

  it('refuses the fixed-key basic_text backend on Linux', async () => {
    const store = new SafeStorageSecretStore({ file, safeStorage: keychain(1, { backend: 'basic_text' }), platform: 'linux' });
    await assert.rejects(store.set('pve-home', 'x'), (err: Error & { code?: string }) => err.code === 'secrets-unavailable' && /GNOME Keyring or KWallet/.test(err.message));
  });

  it('says which file cannot be decrypted when it came from another user', async () => {
    await new SafeStorageSecretStore({ file, safeStorage: keychain(0x11) }).set('pve-home', 'secret-value');
    const other = new SafeStorageSecretStore({ file, safeStorage: keychain(0x80) });
    await assert.rejects(other.get('pve-home'), (err: Error) => err.message.includes('cannot be decrypted') && err.message.includes(file) && !err.message.includes('secret-value'));
  });

  it('rejects a damaged file with its path instead of overwriting it', async () => {
    await new SafeStorageSecretStore({ file, safeStorage: keychain(1) }).set('a', 'b');
    await writeFile(file, '{"version": 1, "secrets": ');
    const store = new SafeStorageSecretStore({ file, safeStorage: keychain(1) });
    await assert.rejects(store.set('pve-home', 'x'), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`));
    assert.equal(await readFile(file, 'utf8'), '{"version": 1, "secrets": ');
  });

  it('rejects a secret name that is not a plain name', async () => {
    await assert.rejects(new SafeStorageSecretStore({ file, safeStorage: keychain(1) }).set('../x', 'v'), /not a valid secret name/);
  });
});
