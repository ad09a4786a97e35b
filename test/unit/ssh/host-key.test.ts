import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { pickAgent, WINDOWS_OPENSSH_AGENT_PIPE } from '../../../electron/core/ssh/auth';
import { sshFingerprint } from '../../../electron/core/ssh/fingerprint';
import { judgeHostKey } from '../../../electron/core/ssh/host-key';
import { importSshConfig } from '../../../electron/core/ssh/import-config';
import { hashKnownHostsName, hostFieldMatches, parseKnownHosts } from '../../../electron/core/ssh/known-hosts';

function hostKey(): { blob: Buffer; line: string } {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
  return { blob, line: `ssh-ed25519 ${blob.toString('base64')}` };
}

describe('known_hosts and host key verdicts', () => {
  const a = hostKey();
  const b = hostKey();

  it('matches plain, bracketed-port, wildcard and negated patterns like OpenSSH', () => {
    assert.ok(hostFieldMatches('orangepi5,192.168.1.50', '192.168.1.50', 22));
    assert.ok(hostFieldMatches('[orangepi5]:2222', 'orangepi5', 2222));
    assert.equal(hostFieldMatches('orangepi5', 'orangepi5', 2222), false);
    assert.ok(hostFieldMatches('*.lan', 'nas.lan', 22));
    assert.equal(hostFieldMatches('*.lan,!nas.lan', 'nas.lan', 22), false);
  });

  it('matches hashed entries (|1|salt|hash, HMAC-SHA1) for the right name only', () => {
    const field = hashKnownHostsName('[127.0.0.1]:2222', randomBytes(20));
    assert.ok(hostFieldMatches(field, '127.0.0.1', 2222));
    assert.equal(hostFieldMatches(field, '127.0.0.1', 22), false);
  });

  it('accepts the known key, calls a different key of the same type CHANGED with both fingerprints, and a new host unknown', () => {
    const known = parseKnownHosts(`# comment\norangepi5 ${a.line}\n`, '/home/u/.ssh/known_hosts');
    assert.deepEqual(judgeHostKey(a.blob, { known, names: ['orangepi5'], port: 22 }), { ok: true, fingerprint: sshFingerprint(a.blob), via: 'known_hosts' });
    const changed = judgeHostKey(b.blob, { known, names: ['orangepi5'], port: 22 });
    assert.equal(changed.ok, false);
    assert.ok(!changed.ok && changed.problem === 'changed' && changed.expected[0] === sshFingerprint(a.blob) && changed.where === '/home/u/.ssh/known_hosts:2');
    const unknown = judgeHostKey(b.blob, { known, names: ['rockpi5a'], port: 22 });
    assert.ok(!unknown.ok && unknown.problem === 'unknown');
  });

  it('lets a pinned fingerprint decide alone, and refuses @revoked keys', () => {
    const fp = sshFingerprint(a.blob);
    assert.equal(judgeHostKey(a.blob, { pinned: fp, known: [], names: ['x'], port: 22 }).ok, true);
    const v = judgeHostKey(b.blob, { pinned: fp, known: [], names: ['x'], port: 22 });
    assert.ok(!v.ok && v.problem === 'changed' && v.expected[0] === fp);
    const revoked = parseKnownHosts(`@revoked * ${a.line}\nx ${a.line}\n`);
    const r = judgeHostKey(a.blob, { known: revoked, names: ['x'], port: 22 });
    assert.ok(!r.ok && r.problem === 'revoked');
  });
});

describe('SSH agent choice', () => {
  it('uses SSH_AUTH_SOCK, then on Windows the OpenSSH agent pipe, and never falls back to Pageant by itself', async () => {
    assert.equal(await pickAgent({ env: { SSH_AUTH_SOCK: '/tmp/a.sock' }, platform: 'linux', exists: async () => false }), '/tmp/a.sock');
    assert.equal(await pickAgent({ env: {}, platform: 'linux', exists: async () => true }), undefined);
    assert.equal(await pickAgent({ env: {}, platform: 'win32', exists: async (p) => p === WINDOWS_OPENSSH_AGENT_PIPE }), WINDOWS_OPENSSH_AGENT_PIPE);
    assert.equal(await pickAgent({ env: {}, platform: 'win32', exists: async () => false }), undefined);
  });
});

describe('import from ~/.ssh/config', () => {
  it('turns Host entries into hosts with HostName, User, Port, IdentityFile and ProxyJump, skipping wildcards', () => {
    const text = [
      'Host gw tailscale-gateway',
      '  HostName 192.168.1.2',
      'Host orangepi5',
      '  HostName 192.168.1.50',
      '  User orangepi',
      '  Port 2222',
      '  ProxyJump admin@gw:22',
      'Host *',
      '  User admin',
      '  IdentityFile ~/.ssh/id_ed25519',
      'Match exec "touch /tmp/labtray-must-not-run"',
      '  User nobody',
    ].join('\n');
    const hosts = importSshConfig(text);
    assert.deepEqual(hosts.map((h) => h.name), ['gw', 'tailscale-gateway', 'orangepi5']);
    const opi = hosts.find((h) => h.name === 'orangepi5')!;
    assert.deepEqual(opi.ssh, { host: '192.168.1.50', port: 2222, user: 'orangepi', identityFile: '~/.ssh/id_ed25519', proxyJump: 'gw' });
    assert.deepEqual(hosts[0].ssh, { host: '192.168.1.2', user: 'admin', identityFile: '~/.ssh/id_ed25519' });
  });
});
