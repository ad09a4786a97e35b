import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addBackup } from '../../../demo/pve/backup';
import { generateCa, generateCertificate } from '../../../demo/pve/cert';
import { PveSim } from '../../../demo/pve/sim';
import { runCli } from './run-cli';

/** A config for one or more simulated clusters, each with its token in LABTRAY_SECRET_<NAME>. */
function pveConfig(clusters: { name: string; sim: PveSim; trust: string }[]): { yaml: string; env: NodeJS.ProcessEnv } {
  const yaml = 'proxmox:\n' + clusters.map((c) => `  - name: ${c.name}\n    endpoints: ['${c.sim.url}']\n    tokenId: '${c.sim.tokens[0].id}'\n    tokenSecret: 'secret:pve-${c.name}'\n    timeout: 5000\n    ${c.trust}\n`).join('');
  const env = Object.fromEntries(clusters.map((c) => [`LABTRAY_SECRET_PVE_${c.name.toUpperCase()}`, c.sim.tokens[0].secret]));
  return { yaml, env };
}

/** Nothing critical: every guest has a fresh backup, every disk is young. */
function makeHealthy(sim: PveSim): void {
  const now = Math.floor(Date.now() / 1000);
  for (const g of sim.guests.values()) if (!g.template) addBackup(sim, g, 'nas-backup', 'um560', now - 3600, 2 ** 30, 'zstd', g.name, false);
  for (const d of sim.disks) d.wearout = d.wearout === 'N/A' ? 'N/A' : 95;
}

describe('labtray exit codes, as a child process against the simulators', () => {
  let dir = '';
  let demoState = '';
  let sim: PveSim;
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-cli-exit-'));
    demoState = join(dir, 'demo-state');
    sim = await PveSim.start({ speed: 0.02 });
    makeHealthy(sim);
  });
  after(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const pinned = (): { config: string; env: NodeJS.ProcessEnv } => {
    const c = pveConfig([{ name: 'home', sim, trust: `fingerprint: '${sim.fingerprint}'` }]);
    return { config: write('pinned.yaml', c.yaml), env: c.env };
  };

  it('0 when all is well: status finds nothing critical, doctor passes every step', async () => {
    const { config, env } = pinned();
    const status = await runCli(['status', '--config', config], { env, demoState });
    assert.equal(status.code, 0, status.stdout + status.stderr);
    assert.doesNotMatch(status.stdout, /CRIT/);
    const doctor = await runCli(['doctor', '--config', config], { env, demoState });
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    for (const step of ['DNS', 'TCP', 'TLS', 'authentication', 'permissions', 'clock']) assert.match(doctor.stdout, new RegExp(`PASS {2}${step}: `), step);
    assert.doesNotMatch(doctor.stdout, /FAIL|SKIP/);
  });

  it('1 when something is critical: a node that went offline', async () => {
    const { config, env } = pinned();
    sim.setNodeOnline('gtr5', false);
    try {
      const r = await runCli(['status', '--config', config], { env, demoState });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^LabTray CRIT at /);
      assert.match(r.stdout, /CRIT gtr5 is offline/);
    } finally {
      sim.setNodeOnline('gtr5', true);
    }
  });

  it('1 with CRIT, not 0, when a CA-trusted certificate was issued for another host name', async () => {
    const ca = generateCa();
    const other = await PveSim.start({ speed: 0.02, certificate: generateCertificate('nas.example.org', ca, ['nas.example.org']) });
    try {
      const caFile = write('ca.pem', ca.cert);
      const c = pveConfig([{ name: 'home', sim: other, trust: `caFile: '${caFile}'` }]);
      const config = write('other-name.yaml', c.yaml);
      const status = await runCli(['status', '--config', config], { env: c.env, demoState });
      assert.equal(status.code, 1, status.stdout + status.stderr);
      assert.match(status.stdout, /^LabTray CRIT at /);
      // The reason in words, with PVE client's own text dimmed under it.
      assert.match(status.stdout, /^ {2}CRIT home: cannot read: the server's certificate was issued for another name \(DNS:nas\.example\.org\), not 127\.0\.0\.1: use a name it lists in endpoints, or pin it with fingerprint:\n {7}\S.*issued for another name/m);
      assert.equal(other.requests.length, 0, 'no HTTP request reached a server whose certificate names another host');
      const doctor = await runCli(['doctor', '--config', config], { env: c.env, demoState });
      assert.equal(doctor.code, 1, doctor.stdout + doctor.stderr);
      assert.match(doctor.stdout, /FAIL {2}TLS: the certificate was issued for another name \(DNS:nas\.example\.org\), not 127\.0\.0\.1/);
      assert.match(doctor.stdout, /SKIP {2}authentication: /);
    } finally {
      await other.stop();
    }
  });

  it('1 when an action fails, with what failed and why, and the API text dimmed below', async () => {
    const { config, env } = pinned();
    const r = await runCli(['vm', 'resume', 'win2022', '--config', config], { env, demoState });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^FAIL Could not resume 101 \(win2022\) on um560: it is not paused \(only a suspended guest can be resumed\)\n {7}POST \/nodes\/um560\/qemu\/101\/status\/resume: HTTP 500: VM 101 not paused$/m);
  });

  it('1 when a start does not fit in the node’s memory, saying so rather than QEMU’s exit code', async () => {
    const { config, env } = pinned();
    const um560 = sim.nodes.get('um560')!;
    um560.memGiB = 24;
    try {
      const r = await runCli(['vm', 'start', 'win2022', '--config', config], { env, demoState });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^FAIL Could not start 101 \(win2022\) on um560: um560 has not enough free memory for it; stop another guest there first, or give this one less memory$/m);
      assert.match(r.stdout, /^ {7}start of 101 \(win2022\) failed: start failed: QEMU exited with code 1$/m);
      assert.equal(sim.guest(101).status, 'stopped');
    } finally {
      um560.memGiB = 32;
    }
  });

  it('2 for a config that does not parse, for status and doctor alike', async () => {
    const config = write('broken.yaml', 'proxmox:\n  - name: home\n    endpoints: [http://127.0.0.1:1]\n');
    const status = await runCli(['status', '--config', config], { demoState });
    assert.equal(status.code, 2, status.stdout + status.stderr);
    assert.match(status.stderr, /proxmox/);
    const doctor = await runCli(['doctor', '--config', config], { demoState });
    assert.equal(doctor.code, 2, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, /FAIL {2}config: .*https:\/\//);
  });

  it('2 for a usage error: one line, then that command’s usage, not the whole help', async () => {
    const r = await runCli(['vm', 'strat', 'openwrt'], { demoState });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.deepEqual(r.stderr.trimEnd().split('\n'), [
      'labtray: vm: unknown action "strat" (one of start, shutdown, stop, reboot, suspend, resume)',
      'usage: labtray vm <start|shutdown|stop|reboot|suspend|resume> <guest...> [--cluster NAME] [--yes]',
      'Run "labtray help vm" for more.',
    ]);
  });

  describe('guests by name across two clusters', () => {
    let lab2: PveSim;
    let config = '';
    let env: NodeJS.ProcessEnv = {};
    before(async () => {
      lab2 = await PveSim.start({ speed: 0.02, clusterName: 'lab2' });
      const c = pveConfig([
        { name: 'home', sim, trust: `fingerprint: '${sim.fingerprint}'` },
        { name: 'lab2', sim: lab2, trust: `fingerprint: '${lab2.fingerprint}'` },
      ]);
      config = write('two.yaml', c.yaml);
      env = c.env;
    });
    after(() => lab2.stop());

    it('refuses a name both clusters use (exit 2), listing the candidates as cluster/vmid', async () => {
      const r = await runCli(['vm', 'stop', 'openwrt', '--config', config], { env, demoState });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /^labtray: vm: "openwrt" is ambiguous: home\/100 \(openwrt\), lab2\/100 \(openwrt\); name one as cluster\/vmid/m);
      assert.equal(sim.guest(100).status, 'running');
      assert.equal(lab2.guest(100).status, 'running');
    });

    it('acts on the one named as cluster/name, and only on it', async () => {
      const r = await runCli(['vm', 'stop', 'lab2/openwrt', '--config', config], { env, demoState });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^OK {3}stop 100 \(openwrt\) on um560: OK/m);
      assert.equal(lab2.guest(100).status, 'stopped');
      assert.equal(sim.guest(100).status, 'running');
    });
  });
});
