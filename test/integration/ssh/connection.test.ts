import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { HostState } from '../../../shared/hosts';
import { systemClock, type Clock } from '../../../electron/core/clock';
import type { Source } from '../../../electron/core/lab/source';
import { freePort, generateKey, startSshAgent, startSshd, type Sshd } from '../../helpers/sshd';
import { harness } from './harness';

const run = promisify(execFile);

describe('SSH connections against a real OpenSSH server', () => {
  let sshd: Sshd;
  let scratch: string;
  before(async () => {
    sshd = await startSshd();
    scratch = mkdtempSync(join(tmpdir(), 'labtray-ssh-test-'));
  });
  after(async () => {
    await sshd.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const target = (extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: sshd.port, user: sshd.user, ...extra });

  it('logs in with an ed25519 key to a host pinned by fingerprint, and computes the same fingerprint as ssh-keygen', async () => {
    const h = await harness([{ name: 'orangepi5', ssh: target({ identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint }) }]);
    try {
      const r = await h.ssh.exec('orangepi5', 'echo hello from $(uname -s)');
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trim(), 'hello from Linux');
      const test = await h.integration.actions!.testConnection!({ kind: 'ssh', name: 'orangepi5' });
      assert.equal(test.ok, true, test.message);
      assert.match(test.message, new RegExp(`host key ${sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}, pinned`));
    } finally {
      h.cleanup();
    }
  });

  it('logs in with an RSA key, the host verified through a plain known_hosts line', async () => {
    const key = await generateKey(scratch, 'id_rsa_plain', 'rsa');
    sshd.addAuthorizedKey(key.publicKey);
    const kh = join(scratch, 'known_hosts_plain');
    writeFileSync(kh, `# LabTray test\n${sshd.knownHostsLine}\n`);
    const h = await harness([{ name: 'nas', ssh: target({ identityFile: key.path, knownHosts: kh }) }]);
    try {
      assert.equal((await h.ssh.exec('nas', 'true')).code, 0);
    } finally {
      h.cleanup();
    }
  });

  it('verifies against a hashed known_hosts (ssh-keygen -H) in ~/.ssh', async () => {
    const h = await harness([{ name: 'router', ssh: target({ identityFile: sshd.clientKeyPath }) }]);
    try {
      const kh = join(h.home, '.ssh', 'known_hosts');
      writeFileSync(kh, sshd.knownHostsLine + '\n');
      await run('ssh-keygen', ['-H', '-f', kh]);
      assert.match(readFileSync(kh, 'utf8'), /^\|1\|/);
      assert.equal((await h.ssh.exec('router', 'true')).code, 0);
    } finally {
      h.cleanup();
    }
  });

  it('opens a passphrase-protected key with the passphrase from the secret store, and says what is missing without it', async () => {
    const key = await generateKey(scratch, 'id_ecdsa_enc', 'ecdsa', 'correct horse');
    sshd.addAuthorizedKey(key.publicKey);
    const ok = await harness([{ name: 'enc', ssh: target({ identityFile: key.path, passphrase: 'secret:enc-key', hostKey: sshd.hostKeyFingerprint }) }], { secrets: { 'enc-key': 'correct horse' } });
    const missing = await harness([{ name: 'enc', ssh: target({ identityFile: key.path, hostKey: sshd.hostKeyFingerprint }) }]);
    const wrong = await harness([{ name: 'enc', ssh: target({ identityFile: key.path, passphrase: 'secret:enc-key', hostKey: sshd.hostKeyFingerprint }) }], { secrets: { 'enc-key': 'wrong' } });
    try {
      assert.equal((await ok.ssh.exec('enc', 'true')).code, 0);
      await assert.rejects(missing.ssh.exec('enc', 'true'), /protected by a passphrase: set hosts\.enc\.ssh\.passphrase/);
      await assert.rejects(wrong.ssh.exec('enc', 'true'), /passphrase for key .* is wrong/);
    } finally {
      ok.cleanup();
      missing.cleanup();
      wrong.cleanup();
    }
  });

  it('logs in through a running ssh-agent (SSH_AUTH_SOCK) with no key file configured', async () => {
    const agent = await startSshAgent();
    const key = await generateKey(scratch, 'id_agent', 'ed25519');
    sshd.addAuthorizedKey(key.publicKey);
    await agent.add(key.path);
    rmSync(key.path); // only the agent holds it now
    const h = await harness([{ name: 'viaagent', ssh: target({ hostKey: sshd.hostKeyFingerprint }) }], { env: { SSH_AUTH_SOCK: agent.socket } });
    try {
      assert.equal((await h.ssh.exec('viaagent', 'true')).code, 0);
    } finally {
      h.cleanup();
      await agent.stop();
    }
  });

  it('refuses a host whose key differs from the pin, before logging in, naming both fingerprints', async () => {
    const other = await generateKey(scratch, 'other_host_key');
    const h = await harness([{ name: 'gtr5', ssh: target({ identityFile: sshd.clientKeyPath, hostKey: other.fingerprint }) }]);
    try {
      await assert.rejects(h.ssh.exec('gtr5', 'touch /tmp/labtray-must-not-exist'), (err: Error) => {
        assert.match(err.message, /CHANGED/);
        assert.ok(err.message.includes(other.fingerprint) && err.message.includes(sshd.hostKeyFingerprint), err.message);
        return true;
      });
      assert.equal(existsSafe('/tmp/labtray-must-not-exist'), false);
      const state = (await (h.integration.sources[0] as Source<'host'>).poll({ signal: new AbortController().signal })) as HostState;
      assert.equal(state.reachable, false);
      assert.equal(state.checks[0].status, 'crit');
      assert.ok(state.checks[0].summary.includes(other.fingerprint) && state.checks[0].summary.includes(sshd.hostKeyFingerprint));
    } finally {
      h.cleanup();
    }
  });

  it('refuses a changed key listed in known_hosts like OpenSSH, pointing at the line', async () => {
    const other = await generateKey(scratch, 'old_host_key');
    const kh = join(scratch, 'known_hosts_changed');
    writeFileSync(kh, `[127.0.0.1]:${sshd.port} ${other.publicKey.split(' ').slice(0, 2).join(' ')}\n`);
    const h = await harness([{ name: 'um560', ssh: target({ identityFile: sshd.clientKeyPath, knownHosts: kh }) }]);
    try {
      await assert.rejects(h.ssh.exec('um560', 'true'), (err: Error) => err.message.includes(`${kh}:1`) && err.message.includes(other.fingerprint) && err.message.includes(sshd.hostKeyFingerprint));
    } finally {
      h.cleanup();
    }
  });

  it('asks to trust an unknown host key, and trusting stores the fingerprint in the host config', async () => {
    const h = await harness([{ name: 'rockpi5a', ssh: target({ identityFile: sshd.clientKeyPath }) }]);
    try {
      const src = h.integration.sources[0] as Source<'host'>;
      const state = await src.poll({ signal: new AbortController().signal });
      assert.equal(state.reachable, false);
      assert.equal(state.hostKey, sshd.hostKeyFingerprint);
      assert.equal(state.checks[0].status, 'warn');
      assert.match(state.checks[0].summary, /trust it/);
      await assert.rejects(h.integration.actions!.trustHostKey!({ host: 'rockpi5a', fingerprint: (await generateKey(scratch, 'decoy')).fingerprint }), /now presents/);
      await h.integration.actions!.trustHostKey!({ host: 'rockpi5a', fingerprint: sshd.hostKeyFingerprint });
      assert.equal(h.saved.at(-1)?.hosts?.[0].ssh?.hostKey, sshd.hostKeyFingerprint);
    } finally {
      h.cleanup();
    }
  });

  it('ends a command that outlives its timeout, and the connection stays usable', async () => {
    const h = await harness([{ name: 'slow', ssh: target({ identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint }) }]);
    try {
      await assert.rejects(h.ssh.exec('slow', 'sleep 30', { timeoutMs: 500 }), /did not finish within 0\.5 s/);
      assert.equal((await h.ssh.exec('slow', 'echo still here')).stdout.trim(), 'still here');
    } finally {
      h.cleanup();
    }
  });

  it('holds a direct connection with TCP keepalive, as OpenSSH does, so the idle process never wakes for SSH pings', async () => {
    const h = await harness([{ name: 'idle', ssh: target({ identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint }) }]);
    try {
      assert.equal((await h.ssh.exec('idle', 'echo up')).stdout.trim(), 'up');
      // The kernel's view of this process's socket to sshd: its keepalive timer runs (SO_KEEPALIVE, 60 s idle).
      // Right after the exec the socket may still wait for an ACK (a retransmit timer); the keepalive timer follows.
      let line = '';
      for (let i = 0; i < 50 && !/timer:\(keepalive/.test(line); i++) {
        if (i) await new Promise((r) => setTimeout(r, 100));
        const { stdout } = await run('ss', ['-tnopH', 'state', 'established', 'dport', '=', `:${sshd.port}`]);
        const ours = stdout.split('\n').filter((l) => l.includes(`pid=${process.pid},`));
        assert.equal(ours.length, 1, `one socket of this process to sshd in:\n${stdout}`);
        line = ours[0];
      }
      assert.match(line, /timer:\(keepalive,(5\d|60)sec/);
    } finally {
      h.cleanup();
    }
  });

  it('fails a running command when the connection drops, then reconnects on the next one', async () => {
    const h = await harness([{ name: 'flaky', ssh: target({ identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint }) }]);
    try {
      const ssh = h.ssh;
      const marker = join(scratch, 'started');
      const running = ssh.exec('flaky', `touch ${marker}; sleep 30`);
      while (!existsSafe(marker)) await new Promise((r) => setTimeout(r, 20));
      assert.ok((await sshd.dropConnections()) > 0);
      await assert.rejects(running, /connection .*lost/);
      assert.equal((await ssh.exec('flaky', 'echo back')).stdout.trim(), 'back');
    } finally {
      h.cleanup();
    }
  });

  it('never runs more commands at once on one host than its limit', async () => {
    const h = await harness([{ name: 'busy', ssh: target({ identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint }) }], { deps: { connection: { maxConcurrentExecs: 2 } } });
    const dir = join(scratch, 'running');
    try {
      const cmd = `mkdir -p ${dir}; touch ${dir}/$$; sleep 0.3; ls ${dir} | wc -l; rm ${dir}/$$`;
      const results = await Promise.all(Array.from({ length: 6 }, () => h.ssh.exec('busy', cmd)));
      const seen = results.map((r) => Number(r.stdout.trim()));
      assert.equal(seen.length, 6);
      assert.ok(Math.max(...seen) <= 2, `saw ${Math.max(...seen)} at once`);
    } finally {
      h.cleanup();
    }
  });

  it('uses the awayHost (Tailscale name) while the laptop is away from home, and the LAN address at home', async () => {
    // "Home" is ::1 where nothing listens; "away" is the sshd on 127.0.0.1.
    let atHome = false;
    const h = await harness([{ name: 'orangepi5', ssh: { host: '::1', awayHost: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint } }], { location: { atHome: () => atHome } });
    try {
      const src = h.integration.sources[0] as Source<'host'>;
      const away = await src.poll({ signal: new AbortController().signal });
      assert.equal(away.reachable, true);
      assert.equal(away.address, '127.0.0.1');
      atHome = true;
      const home = await src.poll({ signal: new AbortController().signal });
      assert.equal(home.reachable, false);
      assert.equal(home.address, '::1');
      assert.match(home.checks[0].summary, /::1:\d+ refused the connection/);
    } finally {
      h.cleanup();
    }
  });

  it('reaches a host through another configured host (proxyJump), verifying both host keys', async () => {
    const pinned = { port: sshd.port, user: sshd.user, identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint };
    const h = await harness([
      { name: 'tailscale-gateway', ssh: { host: '127.0.0.1', ...pinned } },
      { name: 'inner', ssh: { host: '127.0.0.1', ...pinned, proxyJump: 'tailscale-gateway' } },
    ]);
    try {
      assert.equal((await h.ssh.exec('inner', 'echo $SSH_CONNECTION')).code, 0);
      const wrong = await harness([
        { name: 'tailscale-gateway', ssh: { host: '127.0.0.1', ...pinned } },
        { name: 'inner', ssh: { host: '127.0.0.1', ...pinned, hostKey: (await generateKey(scratch, 'inner_old')).fingerprint, proxyJump: 'tailscale-gateway' } },
      ]);
      try {
        await assert.rejects(wrong.ssh.exec('inner', 'true'), /CHANGED/);
      } finally {
        wrong.cleanup();
      }
    } finally {
      h.cleanup();
    }
  });

  it('backs off after a refused connection instead of hammering the host', async () => {
    let now = 1_000_000;
    const clock: Clock = { ...systemClock, now: () => now };
    const port = await freePort();
    const h = await harness([{ name: 'down', ssh: { host: '127.0.0.1', port, user: sshd.user, identityFile: sshd.clientKeyPath, hostKey: sshd.hostKeyFingerprint } }], {
      clock,
      deps: { connection: { backoffBaseMs: 10_000 } },
    });
    try {
      const ssh = h.ssh;
      await assert.rejects(ssh.exec('down', 'true'), (e: Error) => /refused the connection/.test(e.message) && !/next attempt/.test(e.message));
      await assert.rejects(ssh.exec('down', 'true'), /next attempt in 10 s/);
      now += 10_001;
      await assert.rejects(ssh.exec('down', 'true'), (e: Error) => /refused the connection/.test(e.message) && !/next attempt/.test(e.message));
      await assert.rejects(ssh.exec('down', 'true'), /next attempt in 20 s/);
    } finally {
      h.cleanup();
    }
  });
});

function existsSafe(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false; // not created yet
  }
}
