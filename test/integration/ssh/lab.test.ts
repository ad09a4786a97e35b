import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostConfig } from '../../../shared/config';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { systemAuthEnv } from '../../../electron/core/ssh/auth';
import { createSshIntegration } from '../../../electron/core/ssh/integration';
import { generateKey, startSshd, type Sshd } from '../../helpers/sshd';

describe('SSH hosts in the Lab (labtray status) against a real sshd', () => {
  let sshd: Sshd;
  let home: string;
  before(async () => {
    sshd = await startSshd();
    home = mkdtempSync(join(tmpdir(), 'labtray-home-'));
  });
  after(async () => {
    await sshd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const lab = (hosts: HostConfig[]): Lab =>
    new Lab({ config: { hosts }, secrets: new MemorySecretStore(), factories: [createSshIntegration({ authEnv: { ...systemAuthEnv(), env: {}, home } })] });
  const ssh = (extra: Record<string, unknown>) => ({ host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.clientKeyPath, ...extra });

  it('shows the host reachable with its figures and one check per probe', async () => {
    const l = lab([{ name: 'orangepi5', mac: 'aa:bb:cc:dd:ee:01', ssh: ssh({ hostKey: sshd.hostKeyFingerprint }) }]);
    try {
      const snap = await l.pollOnce();
      const host = snap.hosts[0];
      assert.equal(host.reachable, true);
      assert.equal(host.via, 'ssh');
      assert.equal(host.hostKey, sshd.hostKeyFingerprint);
      assert.equal(host.wakeable, true);
      assert.ok(host.cores && host.cores >= 1);
      assert.ok(host.memTotal && host.memUsed !== null && host.memUsed <= host.memTotal);
      assert.equal(host.load?.length, 3);
      const ids = new Set(snap.checks.map((c) => c.id.split(':').slice(0, 3).join(':')));
      for (const p of ['uptime', 'load', 'memory', 'disk', 'temperature', 'smart', 'kernel', 'systemd']) assert.ok(ids.has(`host:orangepi5:${p}`), `no ${p} check in ${[...ids].join(', ')}`);
      assert.ok(snap.checks.every((c) => c.source === 'host:orangepi5' && c.observedAt));
    } finally {
      await l.stop();
    }
  });

  it('makes the host crit when its key changed, naming both fingerprints', async () => {
    const old = await generateKey(home, 'old_key');
    const l = lab([{ name: 'orangepi5', ssh: ssh({ hostKey: old.fingerprint }) }]);
    try {
      const snap = await l.pollOnce();
      assert.equal(snap.status, 'crit');
      assert.equal(snap.hosts[0].reachable, false);
      const c = snap.checks.find((x) => x.id === 'host:orangepi5:ssh')!;
      assert.equal(c.status, 'crit');
      assert.ok(c.summary.includes(old.fingerprint) && c.summary.includes(sshd.hostKeyFingerprint), c.summary);
    } finally {
      await l.stop();
    }
  });

  it('says the host refused the login when its key is not authorized, and the other hosts keep being read', async () => {
    const stranger = await generateKey(home, 'not_authorized');
    const l = lab([
      { name: 'orangepi5', ssh: ssh({ hostKey: sshd.hostKeyFingerprint, identityFile: stranger.path }) },
      { name: 'nas', ssh: ssh({ hostKey: sshd.hostKeyFingerprint }) },
    ]);
    try {
      const snap = await l.pollOnce();
      const refused = snap.hosts.find((h) => h.name === 'orangepi5')!;
      assert.equal(refused.reachable, false);
      const c = snap.checks.find((x) => x.id === 'host:orangepi5:ssh')!;
      assert.equal(c.status, 'crit');
      assert.match(c.summary, new RegExp(`${sshd.user}@127\\.0\\.0\\.1:${sshd.port} refused the login \\(tried .*not_authorized.*\\); is the public key in ~/\\.ssh/authorized_keys on the host\\?`));
      assert.equal(snap.hosts.find((h) => h.name === 'nas')?.reachable, true, 'the other host is read as usual');
      // The probes read this machine for real: its load may well be high on a busy test run, so only the login is asked about.
      assert.ok(!snap.checks.some((x) => x.source === 'host:nas' && (x.id === 'host:nas:ssh' || /refused the login|not_authorized/.test(x.summary))), 'and has no finding from the refused one');
    } finally {
      await l.stop();
    }
  });

  it('starts monitoring an unknown host once the user trusts its key (trustHostKey)', async () => {
    const l = lab([{ name: 'rockpi5a', ssh: ssh({}) }]);
    try {
      let snap = await l.pollOnce();
      assert.equal(snap.hosts[0].reachable, false);
      assert.equal(snap.hosts[0].hostKey, sshd.hostKeyFingerprint);
      await l.invoke('trustHostKey', { host: 'rockpi5a', fingerprint: snap.hosts[0].hostKey });
      assert.equal(l.currentConfig.hosts?.[0].ssh?.hostKey, sshd.hostKeyFingerprint);
      // Trusting rebuilds the integrations and polls the host at once; wait for that result.
      snap = await new Promise((resolve) => {
        const off = l.on('snapshot', (s) => {
          if (s.hosts[0]?.reachable) {
            off();
            resolve(s);
          }
        });
        void l.pollOnce();
      });
      assert.equal(snap.hosts[0].reachable, true);
      assert.equal(snap.checks.some((c) => c.id === 'host:rockpi5a:ssh'), false);
      const test = await l.invoke('testConnection', { kind: 'ssh', name: 'rockpi5a' });
      assert.equal(test.ok, true);
    } finally {
      await l.stop();
    }
  });
});
