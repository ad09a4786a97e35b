import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { SshTarget } from '../../../shared/config';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { pickAgent, resolveAuth, WINDOWS_OPENSSH_AGENT_PIPE, type AuthEnv, type AuthMaterial } from '../../../electron/core/ssh/auth';
import { authMethods, translate } from '../../../electron/core/ssh/connection';
import { identityAgent, importSshConfig } from '../../../electron/core/ssh/import-config';

const HOME = '/home/owner';
const key = (type: 'ed25519' | 'ecdsa' | 'rsa', passphrase?: string): Buffer => {
  const opts = type === 'rsa' ? { bits: 2048 } : type === 'ecdsa' ? { bits: 256 } : {};
  const generate = ssh2.utils.generateKeyPairSync as (t: string, o: object) => { private: string };
  const pair = generate(type, { ...opts, ...(passphrase ? { passphrase, cipher: 'aes256-ctr', rounds: 16 } : {}) });
  return Buffer.from(pair.private);
};
const ED = key('ed25519');
const RSA = key('rsa');
const ECDSA_LOCKED = key('ecdsa', 'correct horse');

/** An OS as the auth code sees it: its platform, environment and the files in ~/.ssh (and pipes). */
function osWith(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, files: Record<string, Buffer>, pipes: string[] = []): AuthEnv {
  return {
    env,
    platform,
    home: HOME,
    readFile: async (p) => {
      const f = files[p];
      if (!f) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return f;
    },
    exists: async (p) => p in files || pipes.includes(p),
  };
}
const ssh = (name: string): string => join(HOME, '.ssh', name);
const target: SshTarget = { host: '192.168.1.10' };
const kinds = (a: AuthMaterial): string[] => a.methods.map((m) => (m.kind === 'agent' ? `agent:${typeof m.agent === 'string' ? m.agent : m.label}` : `key:${m.path}`));

describe('SSH login methods by platform', () => {
  it('on Windows without the OpenSSH agent pipe offers the default keys and no Pageant', async () => {
    const e = osWith('win32', {}, { [ssh('id_ed25519')]: ED, [ssh('id_rsa')]: RSA });
    assert.equal(await pickAgent(e), undefined);
    const a = await resolveAuth('pve', target, new MemorySecretStore(), e);
    assert.deepEqual(kinds(a), [`key:${ssh('id_ed25519')}`, `key:${ssh('id_rsa')}`]);
    assert.doesNotMatch(a.describe, /pageant/i);
  });

  it('on Windows with the OpenSSH agent pipe offers the agent first, then the default keys', async () => {
    const e = osWith('win32', {}, { [ssh('id_rsa')]: RSA }, [WINDOWS_OPENSSH_AGENT_PIPE]);
    const a = await resolveAuth('pve', target, new MemorySecretStore(), e);
    assert.deepEqual(kinds(a), [`agent:${WINDOWS_OPENSSH_AGENT_PIPE}`, `key:${ssh('id_rsa')}`]);
  });

  it('on macOS with SSH_AUTH_SOCK set (the agent may be empty after a reboot) still offers the default keys after it', async () => {
    const e = osWith('darwin', { SSH_AUTH_SOCK: '/private/tmp/com.apple.launchd.x/Listeners' }, { [ssh('id_ed25519')]: ED });
    const a = await resolveAuth('mac', target, new MemorySecretStore(), e);
    assert.deepEqual(kinds(a), ['agent:/private/tmp/com.apple.launchd.x/Listeners', `key:${ssh('id_ed25519')}`]);
    const methods = authMethods(a, 'owner');
    assert.deepEqual(
      methods.map((m) => m.type),
      ['agent', 'publickey'],
    );
    assert.equal(methods[1].type === 'publickey' && Buffer.isBuffer(methods[1].key) && methods[1].key.equals(ED), true);
    assert.ok(methods.every((m) => m.username === 'owner'));
  });

  it('passes over a passphrase-protected default key when no passphrase is set, and uses it when one is', async () => {
    const files = { [ssh('id_ecdsa')]: ECDSA_LOCKED, [ssh('id_rsa')]: RSA };
    const a = await resolveAuth('nas', target, new MemorySecretStore(), osWith('linux', {}, files));
    assert.deepEqual(kinds(a), [`key:${ssh('id_rsa')}`]);
    assert.match(a.skipped?.join() ?? '', /id_ecdsa is protected by a passphrase \(set hosts\.nas\.ssh\.passphrase/);
    const withPass = await resolveAuth('nas', { ...target, passphrase: 'secret:k' }, new MemorySecretStore({ k: 'correct horse' }), osWith('linux', {}, files));
    assert.deepEqual(kinds(withPass), [`key:${ssh('id_ecdsa')}`, `key:${ssh('id_rsa')}`]);
  });

  it('with only a locked default key and no agent, says which key and what to set', async () => {
    await assert.rejects(resolveAuth('nas', target, new MemorySecretStore(), osWith('win32', {}, { [ssh('id_ecdsa')]: ECDSA_LOCKED })), /no usable key in ~\/\.ssh.*id_ecdsa is protected by a passphrase/);
  });

  it('uses Pageant only when the host says agent: pageant, and only on Windows', async () => {
    const pageant = new ssh2.OpenSSHAgent('fake');
    const e: AuthEnv = { ...osWith('win32', {}, { [ssh('id_ed25519')]: ED }), pageant: () => pageant };
    const a = await resolveAuth('pve', { ...target, agent: 'pageant' }, new MemorySecretStore(), e);
    assert.equal(a.methods[0].kind === 'agent' && a.methods[0].agent, pageant);
    assert.equal(a.methods[0].kind === 'agent' && a.methods[0].label, 'Pageant');
    await assert.rejects(resolveAuth('pve', { ...target, agent: 'pageant' }, new MemorySecretStore(), { ...osWith('darwin', {}, {}), pageant: () => pageant }), /agent: pageant works on Windows only/);
  });

  it('takes a host-specific agent socket (~ expanded), and agent: false ignores SSH_AUTH_SOCK', async () => {
    const e = osWith('darwin', { SSH_AUTH_SOCK: '/tmp/launchd.sock' }, { [ssh('id_ed25519')]: ED });
    assert.equal(await pickAgent(e, '~/.1password/agent.sock'), join(HOME, '.1password/agent.sock'));
    const own = await resolveAuth('h', { ...target, agent: '~/.1password/agent.sock' }, new MemorySecretStore(), e);
    assert.deepEqual(kinds(own), [`agent:${join(HOME, '.1password/agent.sock')}`, `key:${ssh('id_ed25519')}`]);
    const none = await resolveAuth('h', { ...target, agent: false }, new MemorySecretStore(), e);
    assert.deepEqual(kinds(none), [`key:${ssh('id_ed25519')}`]);
    await assert.rejects(resolveAuth('h', { ...target, agent: true }, new MemorySecretStore(), osWith('win32', {}, { [ssh('id_ed25519')]: ED })), /agent: true but no SSH agent/);
  });

  it('with an identityFile offers that key, then the agent, and no default keys', async () => {
    const e = osWith('linux', { SSH_AUTH_SOCK: '/run/agent.sock' }, { [ssh('id_ed25519')]: ED, '/keys/pve': RSA });
    const a = await resolveAuth('pve', { ...target, identityFile: '/keys/pve' }, new MemorySecretStore(), e);
    assert.deepEqual(kinds(a), ['key:/keys/pve', 'agent:/run/agent.sock']);
  });

  it('names the agent failure and the keys passed over when the host refuses the login', () => {
    const err = Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' });
    const m = translate(err, 'pve', { host: '127.0.0.1', port: 22, username: 'root' }, { describe: 'agent /tmp/a.sock', skipped: ['~/.ssh/id_rsa is protected by a passphrase'], agentTrouble: ['Failed to connect to agent'] }, null, 'darwin').message;
    assert.match(m, /tried agent \/tmp\/a\.sock; the agent failed: Failed to connect to agent; passed over: ~\/\.ssh\/id_rsa is protected/);
  });
});

describe('IdentityAgent from ~/.ssh/config', () => {
  it('imports path-valued IdentityAgent lines as the host agent socket, none as no agent, SSH_AUTH_SOCK as the default', () => {
    assert.equal(identityAgent('~/.1password/agent.sock'), '~/.1password/agent.sock');
    assert.equal(identityAgent('"~/Library/Group Containers/2BUA8C4S2C.com.1password/t/agent.sock"'), '~/Library/Group Containers/2BUA8C4S2C.com.1password/t/agent.sock');
    assert.equal(identityAgent('\\\\.\\pipe\\openssh-ssh-agent'), '\\\\.\\pipe\\openssh-ssh-agent');
    assert.equal(identityAgent('C:\\Users\\owner\\agent.sock'), 'C:\\Users\\owner\\agent.sock');
    assert.equal(identityAgent('none'), false);
    assert.equal(identityAgent('SSH_AUTH_SOCK'), undefined);
    assert.equal(identityAgent('$HOME/agent.sock'), undefined);
    assert.equal(identityAgent('agent.sock'), undefined);
    const hosts = importSshConfig(['Host pve', '  HostName 192.168.1.10', '  IdentityAgent ~/.1password/agent.sock', 'Host nas', '  IdentityAgent none', 'Host gw', '  IdentityAgent SSH_AUTH_SOCK'].join('\n'));
    assert.deepEqual(
      hosts.map((h) => [h.name, h.ssh?.agent]),
      [
        ['pve', '~/.1password/agent.sock'],
        ['nas', false],
        ['gw', undefined],
      ],
    );
  });
});
