import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SimCluster } from '../../../demo/kube/cluster';
import { writeKubeconfig } from '../../../demo/kube/kubeconfig';
import { referenceClusters } from '../../../demo/kube/reference';
import { startKubeFake, type KubeFake } from '../../../demo/kube/server';
import { freePort } from '../../../demo/net';
import { generateCertificate } from '../../../demo/pve/cert';
import { PveSim } from '../../../demo/pve/sim';
import { FakeTailscaled } from '../../../demo/tailscale/fake-tailscaled';
import { demoTailnet } from '../../../demo/tailscale/model';
import { generateKey, startSshd, type Sshd } from '../../helpers/sshd';
import { runCli, type CliRun } from './run-cli';

interface StepLine {
  state: 'PASS' | 'FAIL' | 'SKIP';
  name: string;
  detail: string;
  /** The dimmed raw text printed under a failure. */
  raw: string[];
}

/** The doctor report read back: each section's title and its step lines, in order. */
function sections(stdout: string): Map<string, StepLine[]> {
  const out = new Map<string, StepLine[]>();
  let current: StepLine[] | null = null;
  for (const line of stdout.split('\n')) {
    const step = /^ {2}(PASS|FAIL|SKIP) {2}([^:]+): (.*)$/.exec(line);
    if (step && current) current.push({ state: step[1] as StepLine['state'], name: step[2], detail: step[3], raw: [] });
    else if (/^ {10}\S/.test(line) && current?.length) current[current.length - 1].raw.push(line.trim());
    else if (/^\S/.test(line) && !/steps passed|log files/.test(line)) out.set(line, (current = []));
  }
  return out;
}

/** The one section whose title matches. */
function section(r: CliRun, title: RegExp): StepLine[] {
  const all = sections(r.stdout);
  const hits = [...all.keys()].filter((t) => title.test(t));
  assert.equal(hits.length, 1, `one section ${title}, found ${hits.length}:\n${r.stdout}${r.stderr}`);
  return all.get(hits[0])!;
}

/** Steps up to the failing one passed, it failed with `detail`, and every later step was skipped: never "ok" after a failure. */
function failsAt(steps: StepLine[], name: string, detail: RegExp): StepLine {
  const at = steps.findIndex((s) => s.name === name);
  assert.ok(at >= 0, `no step ${name}: ${JSON.stringify(steps)}`);
  for (const s of steps.slice(0, at)) assert.equal(s.state, 'PASS', `${s.name} before ${name}: ${s.detail}`);
  assert.equal(steps[at].state, 'FAIL', `${name}: ${steps[at].detail}`);
  assert.match(steps[at].detail, detail);
  for (const s of steps.slice(at + 1)) assert.equal(s.state, 'SKIP', `${s.name} after the failed ${name}`);
  return steps[at];
}

async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

describe('labtray doctor, step by step, when something is wrong', () => {
  let dir = '';
  let sim: PveSim;
  const write = (text: string): string => {
    const p = join(dir, `${randomUUID()}.yaml`);
    writeFileSync(p, text);
    return p;
  };
  const doctor = (config: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> => runCli(['doctor', '--config', config], { env, demoState: join(dir, 'demo-state') });
  const pveYaml = (o: { url?: string; tokenId?: string; pin?: string } = {}): string =>
    `proxmox:\n  - name: home\n    endpoints: ['${o.url ?? sim.url}']\n    tokenId: '${o.tokenId ?? sim.tokens[0].id}'\n    tokenSecret: 'secret:pve-home'\n    timeout: 3000\n    fingerprint: '${o.pin ?? sim.fingerprint}'\n`;
  const secret = (s: string = sim.tokens[0].secret): NodeJS.ProcessEnv => ({ LABTRAY_SECRET_PVE_HOME: s });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-doctor-'));
    sim = await PveSim.start({ speed: 0.02 });
    sim.tokens.push({ id: 'nobody@pve!labtray', secret: randomUUID(), privileges: [] });
  });
  after(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('Proxmox VE endpoints', () => {
    it('a secret that is not set fails its step and the login that needs it', async () => {
      const r = await doctor(write(pveYaml()));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const config = section(r, /^Config /);
      assert.deepEqual(config.map((s) => s.state), ['PASS', 'FAIL']);
      assert.equal(config[1].name, 'secret pve-home');
      assert.equal(config[1].detail, 'not set: export LABTRAY_SECRET_PVE_HOME');
      failsAt(section(r, /^Proxmox home/), 'authentication', /LABTRAY_SECRET_PVE_HOME|pve-home/);
    });

    it('nothing listening on the port: TCP fails, TLS and the rest are not checked', async () => {
      const port = await freePort();
      const r = await doctor(write(pveYaml({ url: `https://127.0.0.1:${port}` })), secret());
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const steps = section(r, /^Proxmox home/);
      assert.deepEqual(steps.map((s) => s.name), ['DNS', 'TCP', 'TLS', 'authentication', 'permissions', 'clock']);
      const tcp = failsAt(steps, 'TCP', new RegExp(`^127\\.0\\.0\\.1 refused the connection on port ${port}: nothing listens there`));
      assert.match(tcp.raw.join('\n'), /ECONNREFUSED/);
      assert.doesNotMatch(r.stdout, /\bok\b/i);
    });

    it('a port that accepts but never speaks TLS: TCP passes, TLS fails, nothing after it passes', async () => {
      const silent = await silentServer();
      try {
        const r = await doctor(write(pveYaml({ url: `https://127.0.0.1:${silent.port}` })), secret());
        assert.equal(r.code, 1, r.stdout + r.stderr);
        const tls = failsAt(section(r, /^Proxmox home/), 'TLS', new RegExp(`^127\\.0\\.0\\.1 takes connections on port ${silent.port} but did not complete a TLS handshake within 5 s: `));
        assert.match(tls.raw.join('\n'), /timeout/i);
      } finally {
        await silent.close();
      }
    });

    it('a port that answers in plain HTTP: TLS fails saying it is not TLS, not that the certificate is untrusted', async () => {
      const plain = createHttpServer((_req, res) => res.end('hello'));
      await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
      const port = (plain.address() as { port: number }).port;
      try {
        const r = await doctor(write(pveYaml({ url: `https://127.0.0.1:${port}` })), secret());
        assert.equal(r.code, 1, r.stdout + r.stderr);
        failsAt(section(r, /^Proxmox home/), 'TLS', new RegExp(`^127\\.0\\.0\\.1 port ${port} does not speak TLS \\(plain HTTP, or another service\\)`));
      } finally {
        plain.closeAllConnections();
        await new Promise((r) => plain.close(r));
      }
    });

    it('a certificate that is not the pinned one: names both fingerprints; no credentials were sent', async () => {
      const other = generateCertificate().fingerprint;
      const before = sim.requests.length;
      const r = await doctor(write(pveYaml({ pin: other })), secret());
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const tls = failsAt(section(r, /^Proxmox home/), 'TLS', /^the certificate is not the pinned one \(pinned .+, presented .+\): it was renewed, or something is in between; nothing was sent$/);
      assert.ok(tls.detail.includes(sim.fingerprint.replace(/^SHA256:/, '').slice(0, 8)) || /presented [0-9A-F:]{20,}/i.test(tls.detail), tls.detail);
      assert.equal(sim.requests.length, before, 'no HTTP request reached the server');
    });

    it('a wrong token secret: authentication fails, permissions and clock are not checked', async () => {
      const r = await doctor(write(pveYaml()), secret('not-the-secret'));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const auth = failsAt(section(r, /^Proxmox home/), 'authentication', /^Proxmox VE refused the credentials: check the token id \(user@realm!name\) and its secret$/);
      assert.match(auth.raw.join('\n'), /HTTP 401/);
    });

    it('a token without the privileges to read names the ones it lacks', async () => {
      const r = await doctor(write(pveYaml({ tokenId: 'nobody@pve!labtray' })), secret((sim.tokens.find((t) => t.id === 'nobody@pve!labtray') ?? assert.fail('the token nobody@pve!labtray was not added')).secret));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      failsAt(section(r, /^Proxmox home/), 'permissions', /^lacks Sys\.Audit, VM\.Audit(,| and) Datastore\.Audit: LabTray cannot read the cluster/);
    });

    it('a read-only token passes, naming what it cannot do', async () => {
      const r = await doctor(write(pveYaml({ tokenId: sim.tokens[1].id })), secret(sim.tokens[1].secret));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const perms = section(r, /^Proxmox home/).find((s) => s.name === 'permissions')!;
      assert.equal(perms.state, 'PASS');
      assert.match(perms.detail, /^can read; lacks VM\.PowerMgmt, VM\.Backup, Datastore\.AllocateSpace(,| and) VM\.Snapshot, so starting, stopping, backing up or snapshotting guests will be refused$/);
    });

    it('a node whose clock is 5 minutes behind fails the clock step, from its Date header', async () => {
      const skewed = await PveSim.start({ speed: 0.02, clockOffsetMs: -300_000 });
      try {
        const r = await doctor(write(pveYaml({ url: skewed.url, pin: skewed.fingerprint })), secret(skewed.tokens[0].secret));
        assert.equal(r.code, 1, r.stdout + r.stderr);
        const clock = failsAt(section(r, /^Proxmox home/), 'clock', /^the server's clock is (29\d|30\d) s behind this computer's \(more than 30 s\): check NTP on both$/);
        assert.equal(clock.name, 'clock');
      } finally {
        await skewed.stop();
      }
    });
  });

  describe('SSH hosts, through a real sshd', () => {
    let sshd: Sshd;
    const hostYaml = (ssh: Record<string, string | number>): string =>
      `hosts:\n  - name: orangepi5\n    ssh:\n${Object.entries(ssh)
        .map(([k, v]) => `      ${k}: '${v}'`)
        .join('\n')
        .replace(/'(\d+)'/, '$1')}\n`;
    before(async () => {
      sshd = await startSshd();
    });
    after(() => sshd.stop());
    const base = (): Record<string, string | number> => ({ host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.clientKeyPath });

    it('passes with the pinned key and the right login key (the baseline the failures differ from)', async () => {
      const r = await doctor(write(hostYaml({ ...base(), hostKey: sshd.hostKeyFingerprint })));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(section(r, /^SSH orangepi5/).map((s) => `${s.state} ${s.name}`), ['PASS DNS', 'PASS TCP', 'PASS host key', 'PASS login']);
    });

    it('a host with nothing listening on its SSH port: TCP fails, host key and login are not checked', async () => {
      const port = await freePort();
      const r = await doctor(write(hostYaml({ ...base(), port, hostKey: sshd.hostKeyFingerprint })));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const steps = section(r, /^SSH orangepi5/);
      assert.deepEqual(steps.map((s) => s.name), ['DNS', 'TCP', 'host key', 'login']);
      failsAt(steps, 'TCP', new RegExp(`^127\\.0\\.0\\.1 refused the connection on port ${port}`));
    });

    it('a host key that is in no known_hosts: names the key it presents; login is not tried', async () => {
      const knownHosts = join(dir, 'known_hosts_empty');
      writeFileSync(knownHosts, '');
      const r = await doctor(write(hostYaml({ ...base(), knownHosts })));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      failsAt(section(r, /^SSH orangepi5/), 'host key', new RegExp(`^the host presents ${sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}, which is neither pinned nor in known_hosts`));
    });

    it('a host key that differs from the pinned one names both', async () => {
      const old = await generateKey(dir, `old_host_${randomUUID()}`);
      const r = await doctor(write(hostYaml({ ...base(), hostKey: old.fingerprint })));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const step = failsAt(section(r, /^SSH orangepi5/), 'host key', /^the host presents \S+, not \S+ as hostKey in the LabTray config says/);
      assert.ok(step.detail.includes(sshd.hostKeyFingerprint) && step.detail.includes(old.fingerprint), step.detail);
    });

    it('a login key the host does not accept: the host key passes, the login fails', async () => {
      const stranger = await generateKey(dir, `stranger_${randomUUID()}`);
      const r = await doctor(write(hostYaml({ ...base(), identityFile: stranger.path, hostKey: sshd.hostKeyFingerprint })));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      failsAt(section(r, /^SSH orangepi5/), 'login', new RegExp(`^the host refused the login as ${sshd.user}: is the public key in ~/\\.ssh/authorized_keys there\\?$`));
    });
  });

  describe('Kubernetes contexts', () => {
    let kube: KubeFake;
    before(async () => {
      kube = await startKubeFake(new SimCluster(referenceClusters[0]));
    });
    after(() => kube.stop());
    const kubeYaml = (server: string | null, token: string): string => {
      const entry = kube.contextEntry('k3s-main', { token });
      const kc = writeKubeconfig(join(dir, `kubeconfig-${randomUUID()}`), [{ ...entry, server: server ?? entry.server }]);
      return `kubernetes:\n  kubeconfig: '${kc}'\n`;
    };

    it('an API server that is not there: TCP fails, TLS and authentication are not checked', async () => {
      const port = await freePort();
      const r = await doctor(write(kubeYaml(`https://127.0.0.1:${port}`, kube.addToken('labtray'))));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const steps = section(r, /^Kubernetes k3s-main/);
      assert.deepEqual(steps.map((s) => s.name), ['kubeconfig', 'DNS', 'TCP', 'TLS', 'authentication', 'permissions']);
      failsAt(steps, 'TCP', /refused the connection on port/);
    });

    it('a token the API server refuses (401): TLS passes, authentication fails', async () => {
      const token = kube.addToken('labtray');
      kube.expireToken(token);
      const r = await doctor(write(kubeYaml(null, token)));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const auth = failsAt(section(r, /^Kubernetes k3s-main/), 'authentication', /^the API server refuses the credentials \(expired token or client certificate\?\)$/);
      assert.match(auth.raw.join('\n'), /401/);
    });
  });

  describe('the Tailscale daemon', () => {
    let ts: FakeTailscaled;
    before(async () => {
      ts = await new FakeTailscaled(demoTailnet()).start();
    });
    after(() => ts.stop());

    it('absent (no socket, no CLI): the daemon step fails, the tailnet is not checked', async () => {
      const socket = join(dir, 'no-such-tailscaled.sock');
      const r = await doctor(write(`tailscale:\n  socket: '${socket}'\n  cli: '${join(dir, 'no-tailscale')}'\n`));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const daemon = failsAt(section(r, /^Tailscale/), 'tailscaled', new RegExp(`^tailscaled does not answer at ${socket.replace(/[.]/g, '\\.')}`));
      assert.match(daemon.raw.join('\n'), /ENOENT|not installed|no tailscaled/);
    });

    it('running but stopped (tailscale down): the daemon answers, the tailnet step fails', async () => {
      await ts.update((s) => {
        s.backendState = 'Stopped';
      });
      const r = await doctor(write(`tailscale:\n  socket: '${ts.socketPath}'\n  cli: '${ts.cliPath}'\n`));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      failsAt(section(r, /^Tailscale/), 'tailnet', /^Tailscale is Stopped, not running: log in and turn it on \(tailscale up\)$/);
    });
  });
});
