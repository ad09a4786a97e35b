import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Clock } from '../../../electron/core/clock';
import { ExecCredentials, execInvocation, quoteCmdArg, resolveCommand, type ExecInvocation, type ExecRun } from '../../../electron/core/kube/exec-plugin';

const GCLOUD = 'C:\\Program Files (x86)\\Google\\Cloud SDK\\google-cloud-sdk\\bin\\gcloud.cmd';
const WIN_ENV = { ComSpec: 'C:\\WINDOWS\\system32\\cmd.exe', Path: 'C:\\WINDOWS\\system32;C:\\Tools', PATHEXT: '.COM;.EXE;.BAT;.CMD' };

describe('exec credential plugin command lines by platform', () => {
  it('runs a .cmd plugin on Windows through cmd.exe /d /s /c, every argument quoted and cmd metacharacters escaped', () => {
    const inv = execInvocation({ command: GCLOUD, args: ['config', 'config-helper', '--format=json', 'say "hi" & calc', 'C:\\dir with space\\'] }, GCLOUD, { platform: 'win32', env: WIN_ENV });
    assert.equal(inv.file, 'C:\\WINDOWS\\system32\\cmd.exe');
    assert.deepEqual(inv.args, [
      '/d',
      '/s',
      '/c',
      '"C:\\Program^ Files^ ^(x86^)\\Google\\Cloud^ SDK\\google-cloud-sdk\\bin\\gcloud.cmd ^"config^" ^"config-helper^" ^"--format=json^" ^"say^ \\^"hi\\^"^ ^&^ calc^" ^"C:\\dir^ with^ space\\\\^""',
    ]);
    assert.equal(inv.windowsVerbatimArguments, true);
    assert.equal(inv.windowsHide, true);
  });

  it('treats .BAT like .cmd and quotes % and ! so cmd expands no variable', () => {
    const inv = execInvocation({ command: 'C:\\tools\\login.BAT', args: ['%PATH%!x!'] }, 'C:\\tools\\login.BAT', { platform: 'win32', env: {} });
    assert.equal(inv.file, 'cmd.exe');
    assert.equal(inv.args[3], '"C:\\tools\\login.BAT ^"^%PATH^%^!x^!^""');
    assert.equal(quoteCmdArg('a b'), '^"a^ b^"');
  });

  it('runs a Windows .exe directly with its arguments as given and no console window', () => {
    const exe = 'C:\\Program Files\\kubelogin\\kubelogin.exe';
    const inv = execInvocation({ command: exe, args: ['get-token', '--server-id', 'a b'] }, exe, { platform: 'win32', env: WIN_ENV });
    assert.equal(inv.file, exe);
    assert.deepEqual(inv.args, ['get-token', '--server-id', 'a b']);
    assert.equal(inv.windowsVerbatimArguments, false);
    assert.equal(inv.windowsHide, true);
    assert.equal(inv.env.Path, WIN_ENV.Path, 'PATH is left alone on Windows');
  });

  it('finds a bare "az" as az.cmd on the Windows PATH (CreateProcess alone would look for az.exe only)', async () => {
    const found = await resolveCommand('az', { platform: 'win32', env: WIN_ENV, exists: async (p) => p === 'C:\\Tools\\az.cmd' });
    assert.equal(found, 'C:\\Tools\\az.cmd');
    assert.equal(execInvocation({ command: 'az' }, found, { platform: 'win32', env: WIN_ENV }).file, WIN_ENV.ComSpec);
    assert.equal(await resolveCommand('az', { platform: 'linux', env: { PATH: '/usr/bin' }, exists: async () => true }), 'az');
    assert.equal(await resolveCommand('C:\\x\\az.cmd', { platform: 'win32', env: WIN_ENV, exists: async () => false }), 'C:\\x\\az.cmd');
  });

  it('on macOS adds /opt/homebrew/bin and /usr/local/bin to the bare PATH a Finder-started app has, once each', () => {
    const bare = execInvocation({ command: 'kubelogin' }, 'kubelogin', { platform: 'darwin', env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' } });
    assert.equal(bare.env.PATH, '/usr/bin:/bin:/usr/sbin:/sbin:/opt/homebrew/bin:/usr/local/bin');
    const shell = execInvocation({ command: 'kubelogin' }, 'kubelogin', { platform: 'darwin', env: { PATH: '/usr/local/bin:/usr/bin' } });
    assert.equal(shell.env.PATH, '/usr/local/bin:/usr/bin:/opt/homebrew/bin');
    assert.equal(execInvocation({ command: 'k' }, 'k', { platform: 'darwin', env: {} }).env.PATH, '/opt/homebrew/bin:/usr/local/bin');
  });

  it('on Linux keeps PATH, runs the command directly, and merges the kubeconfig exec.env over the environment', () => {
    const inv = execInvocation({ command: '/usr/bin/aws', args: ['eks', 'get-token'], env: [{ name: 'AWS_PROFILE', value: 'lab' }, { name: 'HOME', value: '/srv' }], apiVersion: 'client.authentication.k8s.io/v1beta1' }, '/usr/bin/aws', {
      platform: 'linux',
      env: { PATH: '/usr/bin', HOME: '/home/owner', AWS_PROFILE: 'default' },
    });
    assert.equal(inv.file, '/usr/bin/aws');
    assert.deepEqual(inv.args, ['eks', 'get-token']);
    assert.equal(inv.env.PATH, '/usr/bin');
    assert.equal(inv.env.AWS_PROFILE, 'lab');
    assert.equal(inv.env.HOME, '/srv');
    assert.deepEqual(JSON.parse(inv.env.KUBERNETES_EXEC_INFO), { apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: { interactive: false } });
  });
});

describe('exec credential cache and failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-exec-unit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let now = Date.parse('2026-12-04T06:00:00Z');
  const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };

  it('keeps the credential until its expirationTimestamp, runs once for concurrent requests, then runs again', async () => {
    const seen: ExecInvocation[] = [];
    let n = 0;
    const run: ExecRun = async (inv) => {
      seen.push(inv);
      n += 1;
      await new Promise((r) => setTimeout(r, 10));
      return { stdout: JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: `t${n}`, expirationTimestamp: new Date(now + 60_000).toISOString() } }) };
    };
    const c = new ExecCredentials({ context: 'aks-lab', spec: { command: 'kubelogin' }, host: { platform: 'linux', env: {}, run }, clock });
    const [a, b] = await Promise.all([c.get(), c.get()]);
    assert.equal(a.token, 't1');
    assert.equal(b.token, 't1');
    now += 59_000;
    assert.equal((await c.get()).token, 't1');
    now += 2_000;
    assert.equal((await c.get()).token, 't2');
    assert.equal(seen.length, 2);
    assert.ok(seen.every((i) => i.windowsHide));
  });

  it('says which context and which command failed: not found (with the macOS PATH), timed out, too much output, not a credential', async () => {
    const enoent = new ExecCredentials({ context: 'gke', spec: { command: 'gke-gcloud-auth-plugin' }, host: { platform: 'darwin', env: { PATH: join(dir, 'empty') } }, clock });
    await assert.rejects(enoent.get(), /context "gke": the credential plugin gke-gcloud-auth-plugin was not found \(looked on PATH and in \/opt\/homebrew\/bin, \/usr\/local\/bin/);
    const slow = join(dir, 'slow.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 30\n');
    chmodSync(slow, 0o755);
    const hung = new ExecCredentials({ context: 'k3s', spec: { command: slow }, host: { platform: 'linux', env: process.env }, clock, timeoutMs: 300 });
    await assert.rejects(hung.get(), new RegExp(`context "k3s": the credential plugin ${slow} did not finish within 0.3 s`));
    const loud = join(dir, 'loud.sh');
    writeFileSync(loud, '#!/bin/sh\nhead -c 300000 /dev/zero | tr "\\0" x\n');
    chmodSync(loud, 0o755);
    const flood = new ExecCredentials({ context: 'k3s', spec: { command: loud }, host: { platform: 'linux', env: process.env }, clock, maxBytes: 64 * 1024 });
    await assert.rejects(flood.get(), /the credential plugin .*loud\.sh printed more than 64 KiB; stopped/);
    const failing = new ExecCredentials({ context: 'eks', spec: { command: 'aws' }, host: { platform: 'linux', env: {}, run: async () => Promise.reject(Object.assign(new Error('Command failed'), { code: 255, stderr: 'Unable to locate credentials\n' })) }, clock });
    await assert.rejects(failing.get(), /context "eks": the credential plugin aws failed \(exit code 255\): Unable to locate credentials/);
    const junk = new ExecCredentials({ context: 'eks', spec: { command: 'aws' }, host: { platform: 'linux', env: {}, run: async () => ({ stdout: '{"kind":"ExecCredential","status":{}}' }) }, clock });
    await assert.rejects(junk.get(), /gave neither a token nor a client certificate and key/);
  });
});
