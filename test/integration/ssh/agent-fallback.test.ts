/**
 * Logins without an identityFile against a real OpenSSH server, the way they go on the owner's machines:
 * an agent that is not there (Windows ships its agent service disabled), an agent that holds no key (macOS
 * after a reboot), and Pageant chosen by hand (through a stand-in pagent.exe in front of a real ssh-agent).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemAuthEnv, type AuthEnv } from '../../../electron/core/ssh/auth';
import { pageantAgent } from '../../../electron/core/ssh/pageant';
import { generateKey, startSshAgent, startSshd, type Sshd } from '../../helpers/sshd';
import { writeFakePagent, writeNoPageant } from './fake-pagent';
import { harness } from './harness';

describe('SSH login with the default keys next to an agent, against a real sshd', () => {
  let sshd: Sshd;
  let scratch: string;
  before(async () => {
    sshd = await startSshd();
    scratch = mkdtempSync(join(tmpdir(), 'labtray-agent-fallback-'));
  });
  after(async () => {
    await sshd.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const target = (extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: sshd.port, user: sshd.user, hostKey: sshd.hostKeyFingerprint, ...extra });

  /** A default key in the home's ~/.ssh that the server accepts. */
  async function defaultKey(home: string, name = 'id_ed25519', type: 'ed25519' | 'rsa' = 'ed25519'): Promise<void> {
    const key = await generateKey(join(home, '.ssh'), name, type);
    sshd.addAuthorizedKey(key.publicKey);
  }

  it('logs in with ~/.ssh/id_ed25519 when SSH_AUTH_SOCK points at an agent socket that is gone', async () => {
    const h = await harness([{ name: 'pve', ssh: target() }], { env: { SSH_AUTH_SOCK: join(scratch, 'no-agent-here.sock') } });
    try {
      await defaultKey(h.home);
      const r = await h.ssh.exec('pve', 'echo logged in');
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trim(), 'logged in');
    } finally {
      h.cleanup();
    }
  });

  it('logs in with ~/.ssh/id_rsa when the agent runs but holds no key (macOS after a reboot)', async () => {
    const agent = await startSshAgent();
    const h = await harness([{ name: 'mac-mini', ssh: target() }], { env: { SSH_AUTH_SOCK: agent.socket } });
    try {
      await defaultKey(h.home, 'id_rsa', 'rsa');
      assert.equal((await h.ssh.exec('mac-mini', 'true')).code, 0);
    } finally {
      h.cleanup();
      await agent.stop();
    }
  });

  it('still says the login was refused, naming the agent failure, when no key works either', async () => {
    const h = await harness([{ name: 'nas', ssh: target() }], { env: { SSH_AUTH_SOCK: join(scratch, 'gone.sock') } });
    try {
      // A key the server does not accept.
      await generateKey(join(h.home, '.ssh'), 'id_ed25519');
      await assert.rejects(h.ssh.exec('nas', 'true'), /refused the login \(tried agent .*gone\.sock, key .*id_ed25519; the agent failed: /);
    } finally {
      h.cleanup();
    }
  });

  it('logs in through Pageant when the host says agent: pageant (Windows), running the pagent.exe it is given', async () => {
    const agent = await startSshAgent();
    const key = await generateKey(scratch, 'pageant_key');
    sshd.addAuthorizedKey(key.publicKey);
    await agent.add(key.path);
    rmSync(key.path); // only "Pageant" holds it
    const home = mkdtempSync(join(tmpdir(), 'labtray-home-'));
    mkdirSync(join(home, '.ssh'));
    const exe = writeFakePagent(scratch, agent.socket);
    const authEnv: AuthEnv = { ...systemAuthEnv(), env: {}, home, platform: 'win32', pageant: () => pageantAgent(exe) };
    const h = await harness([{ name: 'gaming-pc', ssh: target({ agent: 'pageant' }) }], { deps: { authEnv } });
    const down = await harness([{ name: 'gaming-pc', ssh: target({ agent: 'pageant' }) }], { deps: { authEnv: { ...authEnv, pageant: () => pageantAgent(writeNoPageant(scratch)) } } });
    try {
      assert.equal((await h.ssh.exec('gaming-pc', 'true')).code, 0);
      await assert.rejects(down.ssh.exec('gaming-pc', 'true'), /tried Pageant; the agent failed: Pageant is not running/);
    } finally {
      h.cleanup();
      down.cleanup();
      rmSync(home, { recursive: true, force: true });
      await agent.stop();
    }
  });
});
