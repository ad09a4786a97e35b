import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addBackup } from '../../../demo/pve/backup';
import { generateCa, generateCertificate } from '../../../demo/pve/cert';
import { PveSim } from '../../../demo/pve/sim';
import { parseConfig } from '../../../electron/core/config/load';
import { fingerprintOf, startSshd, type Sshd } from '../../helpers/sshd';
import { runCli } from './run-cli';

/** A config the user wrote by hand, comments and all, for one simulated cluster with no pin. */
function handWritten(sim: PveSim, extra = ''): string {
  return `# My homelab, edited by hand.
proxmox:
  # the three mini PCs
  - name: home
    endpoints: ['${sim.url}']   # LAN first
    tokenId: '${sim.tokens[0].id}'
    tokenSecret: 'secret:pve-home'
    timeout: 5000
${extra}
# hosts come later
`;
}

/** Nothing critical: every guest has a fresh backup, every disk is young. */
function makeHealthy(sim: PveSim): void {
  const now = Math.floor(Date.now() / 1000);
  for (const g of sim.guests.values()) if (!g.template) addBackup(sim, g, 'nas-backup', 'um560', now - 3600, 2 ** 30, 'zstd', g.name, false);
  for (const d of sim.disks) d.wearout = d.wearout === 'N/A' ? 'N/A' : 95;
}

describe('labtray trust and first contact, as a child process against servers on 127.0.0.1', () => {
  let dir = '';
  let demoState = '';
  let sim: PveSim;
  let env: NodeJS.ProcessEnv = {};
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-cli-trust-'));
    demoState = join(dir, 'demo-state');
    sim = await PveSim.start({ speed: 0.02 });
    makeHealthy(sim);
    env = { LABTRAY_SECRET_PVE_HOME: sim.tokens[0].secret };
  });
  after(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('first contact: status sends nothing, prints the fingerprint and the line to add, exits 1; trust --yes pins it, comments kept, and status then connects', async () => {
    const original = handWritten(sim);
    const config = write('first.yaml', original);
    const status = await runCli(['status', '--config', config, '--no-color'], { env, demoState });
    assert.equal(status.code, 1, status.stdout + status.stderr);
    assert.match(status.stdout, new RegExp(`^home: first contact with ${sim.url.replace(/[.]/g, '\\.')}: its certificate is not trusted yet, so nothing was sent$`, 'm'));
    assert.match(status.stdout, new RegExp(`^  SHA-256 fingerprint: ${sim.fingerprint}$`, 'm'));
    assert.match(status.stdout, /^ {2}names: IP Address:127\.0\.0\.1, DNS:localhost, DNS:um560\.lab\.home\.arpa$/m);
    assert.ok(status.stdout.includes(`\n    fingerprint: '${sim.fingerprint}'\n`), status.stdout);
    assert.equal(sim.requests.length, 0, 'the server received no HTTP request');

    // No terminal and no --yes: nobody confirmed, nothing is written.
    const asked = await runCli(['trust', 'home', '--config', config], { env, demoState });
    assert.equal(asked.code, 2, asked.stdout + asked.stderr);
    assert.match(asked.stderr, /not a terminal.*labtray trust home --yes/);
    assert.equal(readFileSync(config, 'utf8'), original);

    const trust = await runCli(['trust', 'home', '--yes', '--config', config], { env, demoState });
    assert.equal(trust.code, 0, trust.stdout + trust.stderr);
    assert.match(trust.stdout, new RegExp(`SHA-256 fingerprint: ${sim.fingerprint}`));
    assert.match(trust.stdout, /^ {2}issuer: O=PVE Cluster Node, OU=PVE Cluster Node, CN=um560\.lab\.home\.arpa$/m);
    assert.match(trust.stdout, /^ {2}valid: \d{4}-\d\d-\d\dT.* to \d{4}-/m);
    assert.equal(sim.requests.length, 0, 'trust only reads the certificate');
    const pinned = readFileSync(config, 'utf8');
    for (const line of original.split('\n').filter((l) => l.includes('#'))) assert.ok(pinned.split('\n').includes(line), `comment line kept: ${line}`);
    assert.equal(pinned, original.replace('    timeout: 5000\n', `    timeout: 5000\n    fingerprint: '${sim.fingerprint}'\n`), 'only the pin was added');
    assert.equal(parseConfig(pinned).proxmox?.[0].fingerprint, sim.fingerprint);

    const again = await runCli(['status', '--config', config, '--no-color'], { env, demoState });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.doesNotMatch(again.stdout, /first contact/);
    assert.ok(sim.requests.length > 0, 'with the pin, status reads the cluster');
  });

  it('refuses an unknown name and one that is both a cluster and a host (exit 2), changing nothing', async () => {
    const text = handWritten(sim, 'hosts:\n  - name: home\n    ssh: { host: 127.0.0.1 }\n');
    const config = write('ambiguous.yaml', text);
    const unknown = await runCli(['trust', 'nas', '--yes', '--config', config], { env, demoState });
    assert.equal(unknown.code, 2, unknown.stdout + unknown.stderr);
    assert.match(unknown.stderr, /no Proxmox VE cluster or host named "nas" in .*ambiguous\.yaml/);
    const both = await runCli(['trust', 'home', '--yes', '--config', config], { env, demoState });
    assert.equal(both.code, 2, both.stdout + both.stderr);
    assert.match(both.stderr, /"home" is both a Proxmox VE cluster and a host in .*ambiguous\.yaml: rename one of them/);
    assert.equal(readFileSync(config, 'utf8'), text);
  });

  it('a certificate a trusted CA issued for another name: exit 1, naming the names it carries, nothing sent', async () => {
    const ca = generateCa();
    const other = await PveSim.start({ speed: 0.02, certificate: generateCertificate('nas.example.org', ca, ['nas.example.org', 'nas.lan', '192.0.2.7']) });
    try {
      const caPem = write('ca.pem', ca.cert);
      // The system trusts the CA (NODE_EXTRA_CA_CERTS): no pin and no caFile, so this is not a first contact.
      const config = write('other-name.yaml', handWritten(other));
      const status = await runCli(['status', '--config', config, '--no-color'], { env: { LABTRAY_SECRET_PVE_HOME: other.tokens[0].secret, NODE_EXTRA_CA_CERTS: caPem }, demoState });
      assert.equal(status.code, 1, status.stdout + status.stderr);
      assert.match(status.stdout, /issued for another name \(DNS:nas\.example\.org, DNS:nas\.lan, IP Address:192\.0\.2\.7\), not 127\.0\.0\.1/);
      assert.doesNotMatch(status.stdout, /first contact/);
      assert.equal(other.requests.length, 0);
    } finally {
      await other.stop();
    }
  });

  describe('an SSH host', () => {
    let sshd: Sshd;
    before(async () => {
      sshd = await startSshd();
    });
    after(() => sshd.stop());

    it('trust --yes pins the host key ssh-keygen -lf shows for the server’s key, hanging up before any login', async () => {
      const text = `# hosts by hand\nhosts:\n  - name: orangepi5   # arm64 worker\n    ssh:\n      host: 127.0.0.1\n      port: ${sshd.port}\n      user: ${sshd.user}\n`;
      const config = write('host.yaml', text);
      const expected = await fingerprintOf(`${sshd.hostKeyPath}.pub`);
      const r = await runCli(['trust', 'orangepi5', '--yes', '--config', config], { env: {}, demoState });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`^  ED25519 key fingerprint is ${expected.replace(/[+/]/g, '\\$&')}$`, 'm'));
      const pinned = readFileSync(config, 'utf8');
      assert.equal(parseConfig(pinned).hosts?.[0].ssh?.hostKey, expected);
      assert.equal(pinned, `${text}      hostKey: ${expected}\n`);
      assert.doesNotMatch(sshd.log(), /Accepted|Failed (publickey|password|none)|Invalid user/, 'no authentication was tried');
    });
  });
});
