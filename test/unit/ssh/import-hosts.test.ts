import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { defaultSshConfigPath, sshConfigHosts } from '../../../electron/core/ssh/import-hosts';
import { demoSshConfig } from '../../../demo/ssh/demo-ssh-config';

const dir = mkdtempSync(join(tmpdir(), 'labtray-ssh-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A private key the import must never read or pass on.
const keyText = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
const keyPath = join(dir, 'id_ed25519');
writeFileSync(keyPath, keyText, { mode: 0o600 });

const sshConfig = [
  'Host *',
  '  ServerAliveInterval 60',
  'Host orangepi5',
  '  HostName 192.168.1.50',
  '  User orangepi',
  `  IdentityFile ${keyPath}`,
  'Host openwrt',
  '  HostName 192.168.1.1',
  '  User root',
  '  Port 2222',
].join('\n');
const configPath = join(dir, 'config');
writeFileSync(configPath, sshConfig);

function lab(sshConfigPath: string): Lab {
  return new Lab({
    config: { hosts: [{ name: 'orangepi5', ssh: { host: '192.168.1.50', user: 'orangepi' } }] },
    factories: [],
    secrets: new MemorySecretStore(),
    sshConfigPath,
  });
}

describe('importing hosts from ~/.ssh/config', () => {
  it('offers every host of the file and marks the one LabTray already watches', async () => {
    const r = await lab(configPath).invoke('sshConfigHosts', undefined);
    assert.equal(r.path, configPath);
    assert.equal(r.found, true);
    assert.deepEqual(
      r.hosts.map((c) => [c.host.name, c.configured]),
      [
        ['orangepi5', true],
        ['openwrt', false],
      ],
    );
    assert.deepEqual(r.hosts[1].host.ssh, { host: '192.168.1.1', port: 2222, user: 'root' });
  });

  it('passes the identity file on as a path and never the key inside it', async () => {
    const r = await lab(configPath).invoke('sshConfigHosts', undefined);
    assert.equal(r.hosts[0].host.ssh?.identityFile, keyPath);
    const all = JSON.stringify(r);
    assert.ok(!all.includes('PRIVATE KEY') && !all.includes('b3BlbnNzaC1rZXktdjE'), 'no key material in the answer');
  });

  it('refuses a path from the caller: the core alone picks the file', async () => {
    await assert.rejects(lab(configPath).invoke('sshConfigHosts', { path: '/etc/shadow' }), (err: unknown) => err instanceof LabError && err.code === 'invalid-input');
  });

  it('answers "no file" rather than failing for a user without an ssh config', async () => {
    const missing = join(dir, 'nope', 'config');
    assert.deepEqual(await lab(missing).invoke('sshConfigHosts', undefined), { path: missing, found: false, hosts: [] });
  });

  it('names the file and the reason when it cannot be read', async () => {
    // A directory where the file should be: unreadable even for root.
    await assert.rejects(sshConfigHosts(dir, {}), (err: unknown) => err instanceof LabError && err.code === 'ssh-config' && err.message.includes(dir) && /EISDIR/.test(err.message));
  });

  it('refuses a file far too large to be an ssh config', async () => {
    await assert.rejects(sshConfigHosts('big', {}, async () => 'Host a\n'.repeat(200_000)), /larger than 1 MB/);
  });

  it('looks in ~/.ssh/config by default', () => {
    assert.equal(defaultSshConfigPath('/home/ryan'), join('/home/ryan', '.ssh', 'config'));
  });

  it("reads the demo owner's config: the demo hosts are configured, the tailnet alias and the router are new", async () => {
    const hosts = [
      { name: 'orangepi5', ssh: { host: '127.0.0.1', port: 40001, user: 'orangepi', identityFile: keyPath } },
      { name: 'rockpi5a', ssh: { host: '127.0.0.1', port: 40002, user: 'rock', identityFile: keyPath } },
    ];
    const r = await sshConfigHosts('demo', { hosts }, async () => demoSshConfig(hosts));
    assert.deepEqual(
      r.hosts.map((c) => [c.host.name, c.configured, c.host.ssh?.host]),
      [
        ['orangepi5', true, '127.0.0.1'],
        ['rockpi5a', true, '127.0.0.1'],
        ['orangepi5-tailnet', false, '127.0.0.1'],
        ['openwrt', false, '127.0.0.1'],
      ],
    );
    assert.deepEqual(r.hosts[2].host.ssh, { host: '127.0.0.1', port: 40001, user: 'orangepi', identityFile: keyPath });
  });
});
