import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LabError } from '../../../shared/api';
import { execCli, findCli, type CliExec } from '../../../electron/core/tailscale/cli';
import { LocalApiClient } from '../../../electron/core/tailscale/localapi';
import { TailscaleReader } from '../../../electron/core/tailscale/reader';
import { createTailscaleIntegration } from '../../../electron/core/tailscale/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { FakeTailscaled } from '../../../demo/tailscale/fake-tailscaled';
import { demoTailnet } from '../../../demo/tailscale/model';

const pause = async (): Promise<void> => undefined;
const reader = (localApi: LocalApiClient | null, cli: string | null, exec: CliExec = execCli): TailscaleReader => new TailscaleReader({ localApi, cli, exec, now: Date.now, pause });

describe('tailscale faults', () => {
  let dir: string;
  let garbage: http.Server;
  let garbageSocket: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'labtray-tsf-'));
    garbageSocket = path.join(dir, 'garbage.sock');
    garbage = http.createServer((_req, res) => res.end('<html>not tailscaled</html>'));
    await new Promise<void>((r) => garbage.listen(garbageSocket, r));
  });
  after(async () => {
    await new Promise<void>((r) => garbage.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('says Tailscale is not installed when there is neither a socket nor a CLI', async () => {
    const missing = findCli(undefined, 'linux', { PATH: dir }, () => false);
    assert.equal(missing, null);
    await assert.rejects(reader(new LocalApiClient(path.join(dir, 'none.sock')), null).status(), /tailscaled is not running or listens elsewhere: nothing at .*none\.sock \(ENOENT\)/);
    await assert.rejects(reader(null, null).status(), /not installed.*tailscale\.socket or tailscale\.cli/);
  });

  it('names the configured CLI path when it does not exist', async () => {
    await assert.rejects(reader(null, path.join(dir, 'no-tailscale')).status(), (err: LabError) => err.code === 'tailscale-cli-missing' && /set tailscale\.cli/.test(err.message));
  });

  it('rejects garbage from the CLI with the first words it printed', async () => {
    const exec: CliExec = async () => ({ code: 0, stdout: 'Warning: client version "1.2" != tailscaled server version\nbogus', stderr: '' });
    await assert.rejects(reader(null, '/usr/bin/tailscale', exec).status(), /not JSON: Warning: client version/);
    const noState: CliExec = async () => ({ code: 0, stdout: '{"hello": 1}', stderr: '' });
    await assert.rejects(reader(null, '/usr/bin/tailscale', noState).status(), /no BackendState/);
  });

  it('rejects a LocalAPI that answers with HTML, and then falls back to the CLI', async () => {
    await assert.rejects(reader(new LocalApiClient(garbageSocket), null).status(), /not JSON: <html>/);
    const exec: CliExec = async () => ({ code: 0, stdout: JSON.stringify({ BackendState: 'NeedsLogin', AuthURL: 'https://login.tailscale.com/a/abc' }), stderr: '' });
    const s = await reader(new LocalApiClient(garbageSocket), '/usr/bin/tailscale', exec).status();
    assert.deepEqual([s.via, s.backendState, s.authUrl], ['cli', 'NeedsLogin', 'https://login.tailscale.com/a/abc']);
  });

  it('end to end: a missing CLI and garbage output reach the snapshot as a finding that names the cause, and the next good read clears it', async () => {
    const fake = await new FakeTailscaled(demoTailnet()).start();
    let garbageOut = false;
    const exec: CliExec = async (file, args, opts) => (garbageOut ? { code: 0, stdout: 'Warning: client version "1.2" != tailscaled server version\nbogus', stderr: '' } : execCli(file, args, opts));
    const labWith = (cli: string): Lab =>
      new Lab({ config: { tailscale: { socket: path.join(dir, 'elsewhere.sock'), cli } }, factories: [createTailscaleIntegration({ platform: 'linux', env: {}, exists: () => false, exec, pingPauseMs: 0 })], secrets: new MemorySecretStore() });
    const finding = (s: Awaited<ReturnType<Lab['pollOnce']>>): string => s.checks.find((c) => c.id === 'tailscale:source')?.summary ?? '';
    try {
      const missing = labWith(path.join(dir, 'no-tailscale'));
      const m = await missing.pollOnce();
      await missing.stop();
      assert.match(m.sources[0].error ?? '', /set tailscale\.cli/);
      assert.equal(m.checks.find((c) => c.id === 'tailscale:source')?.status, 'crit');
      assert.match(finding(m), /no-tailscale/);

      const l = labWith(fake.cliPath);
      try {
        garbageOut = true;
        const g = await l.pollOnce();
        assert.match(g.sources[0].error ?? '', /not JSON: Warning: client version/);
        assert.match(finding(g), /not JSON/);
        garbageOut = false;
        const ok = await l.pollOnce();
        assert.equal(ok.sources[0].error, null, 'the next good read clears the error');
        assert.equal(finding(ok), '');
        assert.equal(ok.tailscale?.via, 'cli');
        assert.ok((ok.tailscale?.peers.length ?? 0) > 5);
        garbageOut = true;
        const stale = await l.pollOnce();
        assert.equal(stale.sources[0].stale, true, 'garbage after good data keeps the data, marked stale');
        assert.equal(stale.tailscale?.peers.length, ok.tailscale?.peers.length);
      } finally {
        await l.stop();
      }
    } finally {
      await fake.stop();
    }
  });

  it('stops a CLI that hangs when the caller aborts', async () => {
    const ac = new AbortController();
    const p = execCli(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { signal: ac.signal, timeoutMs: 30_000 });
    ac.abort(new Error('window closed'));
    await assert.rejects(p, /window closed|cancelled/);
  });

  it('finds the CLI where each OS installs it', () => {
    const seen: string[] = [];
    findCli(undefined, 'win32', { ProgramFiles: 'C:\\Program Files' }, (p) => (seen.push(p), false));
    assert.equal(seen[0], 'C:\\Program Files\\Tailscale\\tailscale.exe');
    assert.equal(findCli(undefined, 'darwin', {}, (p) => p.startsWith('/Applications')), '/Applications/Tailscale.app/Contents/MacOS/Tailscale');
    assert.equal(findCli('/opt/ts/tailscale', 'linux', {}, () => false), '/opt/ts/tailscale');
  });
});
