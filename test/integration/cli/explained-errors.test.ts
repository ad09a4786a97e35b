import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { runCli, type CliRun } from './run-cli';

/** A TCP server that accepts connections and never says a word (a hung service, or TLS that never starts). */
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

/** The lines of a failure: the sentence, then the raw text indented under it. */
function failure(text: string, sentence: RegExp): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => sentence.test(l));
  assert.ok(at >= 0, `no line matches ${sentence}:\n${text}`);
  const detail: string[] = [];
  for (let i = at + 1; i < lines.length && /^ {7,}\S/.test(lines[i]); i++) detail.push(lines[i].trim());
  return detail;
}

describe('labtray turns raw API and transport texts into sentences, keeping the raw text as detail', () => {
  let dir = '';
  let sim: PveSim;
  const demoState = (): string => join(dir, 'demo-state');
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  /** A config for the simulator (or another URL) with the token named, its secret in the environment. */
  const pve = (opts: { token?: { id: string; secret: string }; url?: string; pin?: string } = {}): { config: string; env: NodeJS.ProcessEnv } => {
    const token = opts.token ?? sim.tokens[0];
    const yaml = `proxmox:\n  - name: home\n    endpoints: ['${opts.url ?? sim.url}']\n    tokenId: '${token.id}'\n    tokenSecret: 'secret:pve-home'\n    timeout: 3000\n    fingerprint: '${opts.pin ?? sim.fingerprint}'\n`;
    return { config: write(`pve-${randomUUID()}.yaml`, yaml), env: { LABTRAY_SECRET_PVE_HOME: token.secret } };
  };
  const cli = (args: string[], c: { config: string; env: NodeJS.ProcessEnv }): Promise<CliRun> => runCli([...args, '--config', c.config], { env: c.env, demoState: demoState() });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-cli-explain-'));
    sim = await PveSim.start({ speed: 0.02 });
    // A backup operator: may back up every guest, but not write to any storage.
    sim.tokens.push({ id: 'backup@pve!nostore', secret: randomUUID(), privileges: ['VM.Audit', 'Sys.Audit', 'Datastore.Audit', 'VM.Backup'] });
  });
  after(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('403 naming a privilege: what failed, the privilege and where; PVE’s text below', async () => {
    const r = await cli(['vm', 'start', 'win2022'], pve({ token: sim.tokens[1] }));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const detail = failure(r.stdout, /^FAIL Could not start 101 \(win2022\) on um560: the token or user lacks VM\.PowerMgmt on \/vms\/101; grant it under Datacenter → Permissions$/);
    assert.match(detail[0], /^POST \/nodes\/um560\/qemu\/101\/status\/start: permission denied: .*VM\.PowerMgmt on \/vms\/101/);
    assert.equal(sim.guest(101).status, 'stopped');
  });

  it('403 on a backup names the storage privilege the API docs ask for', async () => {
    const r = await cli(['backup', 'home-assistant', '--storage', 'nas-backup'], pve({ token: sim.tokens.find((t) => t.id === 'backup@pve!nostore') ?? assert.fail('the token backup@pve!nostore was not added') }));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const detail = failure(r.stdout, /^FAIL Could not back up 111 \(home-assistant\) on s500plus: the token or user lacks Datastore\.AllocateSpace on \/storage\/nas-backup;/);
    assert.match(detail[0], /^POST \/nodes\/s500plus\/vzdump: permission denied/);
  });

  it('403 whose text names no privilege: the privilege comes from the PVE API docs for that call', async () => {
    sim.fault({ kind: 'status', status: 403, reason: 'Permission check failed' }, { path: /\/qemu\/101\/status\/start$/, times: 1 });
    try {
      const r = await cli(['vm', 'start', '101'], pve());
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const detail = failure(r.stdout, /^FAIL Could not start 101 \(win2022\) on um560: the token or user may not do this: the Proxmox VE API requires VM\.PowerMgmt on \/vms\/101; grant it under Datacenter → Permissions$/);
      assert.deepEqual(detail, ['POST /nodes/um560/qemu/101/status/start: permission denied (HTTP 403): Permission check failed']);
    } finally {
      sim.clearFaults();
    }
  });

  it('401: the guests cannot be read, because the token was refused (exit 1, on stderr)', async () => {
    const r = await cli(['vm', 'stop', 'openwrt'], { ...pve(), env: { LABTRAY_SECRET_PVE_HOME: 'not-the-secret' } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const detail = failure(r.stderr, /^labtray: Could not find "openwrt": the guests of home could not be read: Proxmox VE refused the login; check the token id and its secret$/);
    assert.match(detail[0], /^GET \/cluster\/resources: authentication failed \(HTTP 401\): authentication failure/);
    assert.equal(sim.guest(100).status, 'running');
  });

  it('500 from PVE: locked, already running, a guest whose config is gone', async () => {
    sim.guest(101).lock = 'backup';
    try {
      const r = await cli(['vm', 'start', 'win2022'], pve());
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const detail = failure(r.stdout, /^FAIL Could not start 101 \(win2022\) on um560: it is locked \(backup\): another operation holds it; try again when that ends$/);
      assert.ok(detail.length > 0 && /locked \(backup\)/.test(detail[0]), detail.join('\n'));
    } finally {
      sim.guest(101).lock = null;
    }
    sim.fault({ kind: 'status', status: 500, reason: 'VM 100 already running' }, { path: /\/qemu\/100\/status\/start$/, times: 1 });
    const running = await cli(['vm', 'start', '100'], pve());
    assert.deepEqual(failure(running.stdout, /^FAIL Could not start 100 \(openwrt\) on um560: it is already running$/), ['POST /nodes/um560/qemu/100/status/start: HTTP 500: VM 100 already running']);
    sim.fault({ kind: 'status', status: 500, reason: "Configuration file 'nodes/um560/qemu-server/101.conf' does not exist" }, { path: /\/qemu\/101\/status\/start$/, times: 1 });
    const gone = await cli(['vm', 'start', '101'], pve());
    assert.deepEqual(failure(gone.stdout, /^FAIL Could not start 101 \(win2022\) on um560: it is no longer where LabTray last saw it \(migrated\?\); run labtray status and try again$/), [
      "POST /nodes/um560/qemu/101/status/start: HTTP 500: Configuration file 'nodes/um560/qemu-server/101.conf' does not exist",
    ]);
    sim.clearFaults();
  });

  it('595: the node is unreachable in the cluster, with the way to wake it', async () => {
    sim.setNodeOnline('gtr5', false);
    try {
      const r = await cli(['vm', 'stop', '123'], pve());
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const detail = failure(r.stdout, /^FAIL Could not stop 123 \(\S+\) on gtr5: node gtr5 cannot be reached from the cluster \(off or asleep\? try: labtray wake gtr5\)$/);
      assert.match(detail[0], /HTTP 595\): No route to host$/);
    } finally {
      sim.setNodeOnline('gtr5', true);
    }
  });

  it('transport: nothing listening, a server that never answers, a certificate that is not the pinned one', async () => {
    const closed = await freePort();
    const refused = await cli(['vm', 'start', '101'], pve({ url: `https://127.0.0.1:${closed}` }));
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(failure(refused.stderr, /^labtray: Could not find "101": the guests of home could not be read: the server refused the connection \(is the service running\?\)$/)[0], new RegExp(`127\\.0\\.0\\.1:${closed}.*(refused|ECONNREFUSED)`));
    const silent = await silentServer();
    try {
      const r = await cli(['status'], pve({ url: `https://127.0.0.1:${silent.port}` }));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(failure(r.stdout, /^ {2}CRIT home: cannot read: the server did not answer in time$/)[0], /no answer within 3 s/);
    } finally {
      await silent.close();
    }
    const pin = await cli(['status'], pve({ pin: generateCertificate().fingerprint }));
    assert.equal(pin.code, 1, pin.stdout + pin.stderr);
    assert.match(failure(pin.stdout, /^ {2}CRIT home: cannot read: the server's certificate is not the pinned one: it was renewed, or something is in between$/)[0], /fingerprint|pinned/i);
  });

  describe('Kubernetes and tailscaled', () => {
    let kube: KubeFake;
    let ts: FakeTailscaled;
    before(async () => {
      kube = await startKubeFake(new SimCluster(referenceClusters[0]));
      ts = await new FakeTailscaled(demoTailnet()).start();
    });
    after(async () => {
      await kube.stop();
      await ts.stop();
    });

    it('a kube context whose token is refused: the API server’s Status is explained, and kept below', async () => {
      const token = kube.addToken('labtray-reader');
      kube.expireToken(token);
      const kc = writeKubeconfig(join(dir, 'kubeconfig'), [kube.contextEntry('k3s-main', { token })]);
      const config = write('kube.yaml', `kubernetes:\n  kubeconfig: '${kc}'\n`);
      const r = await runCli(['status', '--config', config], { demoState: demoState() });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const detail = failure(r.stdout, /CRIT \S*k3s-main\S*: cannot read: the Kubernetes API server refused the credentials \(expired token or client certificate\?\); refresh this context in the kubeconfig$/);
      assert.match(detail[0], /401 Unauthorized/);
    });

    it('ping with no tailscaled at the socket says tailscaled is not running', async () => {
      const config = write('ts-absent.yaml', `tailscale:\n  socket: '${join(dir, 'no-such.sock')}'\n  cli: '${join(dir, 'no-tailscale')}'\n`);
      const r = await runCli(['ping', 'um560', '--config', config], { demoState: demoState() });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const detail = failure(r.stderr, /^labtray: Could not ping um560: tailscaled is not running \(nothing answers at its socket\): start Tailscale, or set tailscale\.socket$/);
      assert.match(detail.join('\n'), /no-such\.sock/);
    });

    it('ping while Tailscale is stopped names the state and what to do', async () => {
      await ts.update((s) => {
        s.backendState = 'Stopped';
      });
      const config = write('ts-stopped.yaml', `tailscale:\n  socket: '${ts.socketPath}'\n  cli: '${ts.cliPath}'\n`);
      const r = await runCli(['ping', 'um560', '--config', config], { demoState: demoState() });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const detail = failure(r.stderr, /^labtray: Could not ping um560: Tailscale is Stopped, not running: log in and turn it on \(tailscale up\)$/);
      assert.deepEqual(detail, ['cannot ping um560: Tailscale is Stopped']);
    });
  });
});
