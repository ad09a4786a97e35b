import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import type { HostConfig, LabConfig } from '../../../shared/config';
import { emptySnapshot } from '../../../shared/snapshot';
import type { ExecResult, PveWaker, SshExecutor } from '../../../electron/core/lab/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { createWolIntegration, type WolDeps, type WolServices } from '../../../electron/core/wol/integration';
import { testContext } from '../../helpers/integration-context';
import { freePort } from '../../helpers/sshd';
import { startUdpListener, type UdpListener } from '../../helpers/udp-listener';

const run = promisify(execFile);
const ORANGEPI_MAC = '02:ab:3c:4d:5e:6f';
const GTR5_MAC = '1c:69:7a:0a:5c:11';

/** A relay that is "at home": it runs the wake command on this machine (so the packet really goes out), or is unreachable. */
class LocalRelay implements SshExecutor {
  readonly calls: { host: string; command: string }[] = [];
  constructor(private readonly down: Set<string> = new Set()) {}
  async exec(host: string, command: string): Promise<ExecResult> {
    this.calls.push({ host, command });
    if (this.down.has(host)) throw new Error(`${host}: connect ETIMEDOUT`);
    try {
      const r = await run('/bin/sh', ['-c', command]);
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }
}

/** Proxmox VE that wakes its own nodes when asked (or refuses, like a node without a wakeonlan MAC). */
class FakePve implements PveWaker {
  readonly woken: string[] = [];
  constructor(private readonly refuse: string | null = null) {}
  nodes(): { cluster: string; node: string; online: boolean }[] {
    return [
      { cluster: 'home', node: 'um560', online: true },
      { cluster: 'home', node: 's500plus', online: true },
      { cluster: 'home', node: 'gtr5', online: false },
    ];
  }
  async wakeNode(cluster: string, node: string): Promise<string> {
    if (this.refuse) throw new Error(this.refuse);
    this.woken.push(`${cluster}/${node}`);
    return GTR5_MAC;
  }
}

/** A machine whose SSH port is open (it is "up"). */
async function upMachine(): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((s) => {
    s.on('error', () => s.destroy()); // the watcher hangs up at once
    s.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, stop: () => new Promise((r) => server.close(() => r())) };
}

describe('wake action', () => {
  let nic: UdpListener;
  let machine: { port: number; stop(): Promise<void> };
  before(async () => {
    nic = await startUdpListener();
    machine = await upMachine();
  });
  after(async () => {
    await nic.stop();
    await machine.stop();
  });

  const deps = (): WolDeps => ({ ports: [nic.port], watchIntervalMs: 50, limitMs: 10_000 });
  const orangepi = (over: Partial<HostConfig> = {}): HostConfig => ({ name: 'orangepi5', mac: ORANGEPI_MAC, broadcast: '127.0.0.1', ssh: { host: '127.0.0.1', port: machine.port }, ...over });
  const relays: HostConfig[] = [
    { name: 'openwrt', wakeRelay: true, ssh: { host: '192.0.2.1' } },
    { name: 'tailscale-gateway', wakeRelay: true, ssh: { host: '192.0.2.2' } },
  ];

  async function setup(config: LabConfig, services: WolServices, opts: { secrets?: MemorySecretStore; deps?: WolDeps; snapshotHosts?: string[] } = {}) {
    const snapshot = { ...emptySnapshot(), hosts: (opts.snapshotHosts ?? []).map((name) => ({ name, address: null, reachable: true, via: 'ssh' as const, hostKey: null, uptimeSeconds: null, load: null, cores: null, memUsed: null, memTotal: null, checks: [], wakeable: false })) };
    const ctx = testContext({ config, secrets: opts.secrets, snapshot });
    const integ = await createWolIntegration(opts.deps ?? deps()).build(ctx, services);
    assert.ok(integ?.actions?.wake, 'the wol integration offers wake');
    return { ctx, wake: integ.actions.wake };
  }

  it('at home sends the packet straight from the laptop and reports the machine up', async () => {
    const ssh = new LocalRelay();
    const { ctx, wake } = await setup({ hosts: [orangepi(), ...relays] }, { ssh, location: { atHome: () => true } });
    const ref = await wake({ host: 'orangepi5' });
    const task = await ctx.tasks.wait(ref.taskId);
    assert.equal(task.state, 'ok', task.message ?? '');
    assert.match(task.message ?? '', /^orangepi5 is up after [\d.]+ s \(answers on 127\.0\.0\.1:\d+\); woken directly from this computer to 127\.0\.0\.1/);
    assert.equal((await nic.next()).toString('hex'), 'ff'.repeat(6) + '02ab3c4d5e6f'.repeat(16));
    assert.equal(ssh.calls.length, 0, 'no relay is used at home');
    assert.equal(task.kind, 'wake');
    assert.equal(task.targetRef, 'host:orangepi5');
  });

  it('while home is not proven it broadcasts nothing and goes through a relay', async () => {
    const ssh = new LocalRelay();
    const { ctx, wake } = await setup({ hosts: [orangepi(), ...relays] }, { ssh });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(task.state, 'ok', task.message ?? '');
    assert.ok(task.log.some((l) => l.startsWith('home is not proven')), task.log.join('\n'));
    assert.ok(ssh.calls.length > 0, 'a relay sent it');
    await nic.next();
  });

  it('while home is not proven and no relay exists it refuses, and a SecureOn password never leaves the laptop', async () => {
    const secrets = new MemorySecretStore({ 'orangepi5-secureon': '12:34:56:78:9a:bc' });
    const sent: Buffer[] = [];
    const send: WolDeps['send'] = async (packet) => void sent.push(packet);
    const { ctx, wake } = await setup({ hosts: [orangepi({ secureOn: 'secret:orangepi5-secureon' })] }, {}, { secrets, deps: { ...deps(), send } });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(task.state, 'error');
    assert.match(task.message ?? '', /has not proven it is at home.*"home\.probes"/);
    assert.equal(sent.length, 0, 'nothing was sent on this network');
  });

  it('away goes through the first reachable SSH relay and says which one and with what', async () => {
    const ssh = new LocalRelay(new Set(['openwrt']));
    const { ctx, wake } = await setup({ hosts: [orangepi(), ...relays] }, { ssh, location: { atHome: () => false } });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(task.state, 'ok', task.message ?? '');
    assert.match(task.message ?? '', /woken through the SSH relay tailscale-gateway using wakeonlan$/);
    assert.ok(task.log.some((l) => /relay openwrt failed: openwrt: connect ETIMEDOUT/.test(l)), task.log.join('\n'));
    assert.equal((await nic.next()).subarray(6, 12).toString('hex'), '02ab3c4d5e6f');
  });

  it('tries the relay last seen reachable first', async () => {
    const ssh = new LocalRelay();
    const { ctx, wake } = await setup({ hosts: [orangepi(), ...relays] }, { ssh, location: { atHome: () => false } }, { snapshotHosts: ['tailscale-gateway'] });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.match(task.message ?? '', /SSH relay tailscale-gateway/);
    assert.equal(ssh.calls[0].host, 'tailscale-gateway');
    await nic.next();
  });

  it('away wakes a Proxmox VE node through its cluster', async () => {
    const pve = new FakePve();
    const gtr5: HostConfig = { name: 'gtr5', mac: GTR5_MAC, broadcast: '127.0.0.1', ssh: { host: '127.0.0.1', port: machine.port } };
    const { ctx, wake } = await setup({ hosts: [gtr5, ...relays] }, { pve, ssh: new LocalRelay(), location: { atHome: () => false } });
    const task = await ctx.tasks.wait((await wake({ host: 'gtr5' })).taskId);
    assert.equal(task.state, 'ok', task.message ?? '');
    assert.match(task.message ?? '', /woken through Proxmox VE cluster home \(POST \/nodes\/gtr5\/wakeonlan\)$/);
    assert.deepEqual(pve.woken, ['home/gtr5']);
  });

  it('falls back to an SSH relay when Proxmox VE cannot wake the node', async () => {
    const pve = new FakePve("400 Parameter verification failed. node 'gtr5' has no wakeonlan MAC configured");
    const gtr5: HostConfig = { name: 'gtr5', mac: GTR5_MAC, broadcast: '127.0.0.1', ssh: { host: '127.0.0.1', port: machine.port } };
    const { ctx, wake } = await setup({ hosts: [gtr5, ...relays] }, { pve, ssh: new LocalRelay(), location: { atHome: () => false } });
    const task = await ctx.tasks.wait((await wake({ host: 'gtr5' })).taskId);
    assert.equal(task.state, 'ok', task.message ?? '');
    assert.match(task.message ?? '', /SSH relay openwrt using wakeonlan$/);
    assert.ok(task.log.some((l) => l.includes('has no wakeonlan MAC configured')));
    assert.equal((await nic.next()).subarray(6, 12).toString('hex'), '1c697a0a5c11');
  });

  it('away with no relay configured fails with what to set up', async () => {
    const { ctx, wake } = await setup({ hosts: [orangepi()] }, { location: { atHome: () => false } });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(task.state, 'error');
    assert.match(task.message ?? '', /away from home and no relay can wake orangepi5: mark an always-on SSH host at home .* "wakeRelay: true"/);
  });

  it('never uses the sleeping target as its own relay', async () => {
    const ssh = new LocalRelay();
    const { ctx, wake } = await setup({ hosts: [orangepi({ wakeRelay: true })] }, { ssh, location: { atHome: () => false } });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(task.state, 'error');
    assert.equal(ssh.calls.length, 0);
  });

  it('reports that the machine did not wake within the limit', async () => {
    const closed = await freePort();
    const { ctx, wake } = await setup({ hosts: [orangepi({ ssh: { host: '127.0.0.1', port: closed }, wakeTimeout: 300 })] }, { location: { atHome: () => true } });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(task.state, 'error');
    assert.match(task.message ?? '', new RegExp(`orangepi5 did not wake within 0\\.3 s: no answer from 127\\.0\\.0\\.1 \\(TCP ${closed}\\) after the wake-up went directly from this computer`));
    await nic.next();
  });

  it('sends the SecureOn password from the secret store: 108 bytes', async () => {
    const secrets = new MemorySecretStore({ 'orangepi5-secureon': '01:02:03:04:05:06' });
    const { ctx, wake } = await setup({ hosts: [orangepi({ secureOn: 'secret:orangepi5-secureon' })] }, { location: { atHome: () => true } }, { secrets });
    const task = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(task.state, 'ok', task.message ?? '');
    const got = await nic.next();
    assert.equal(got.length, 108);
    assert.equal(got.subarray(102).toString('hex'), '010203040506');
    assert.ok(!JSON.stringify(task).includes('01:02:03:04:05:06'), 'the password never shows in the task');
  });

  it('refuses a missing SecureOn secret, unknown hosts and hosts without a MAC before starting a task', async () => {
    const { ctx, wake } = await setup({ hosts: [orangepi({ secureOn: 'secret:orangepi5-secureon' }), { name: 'nas', ssh: { host: '192.0.2.9' } }, ...relays] }, {});
    await assert.rejects(wake({ host: 'orangepi5' }), (e: unknown) => e instanceof LabError && e.code === 'secret-missing');
    await assert.rejects(wake({ host: 'rockpi' }), (e: unknown) => e instanceof LabError && e.code === 'not-found' && /no host named "rockpi"/.test(e.message));
    await assert.rejects(wake({ host: 'nas' }), (e: unknown) => e instanceof LabError && e.code === 'config' && /nas has no MAC address/.test(e.message));
    assert.equal(ctx.tasks.list().length, 0);
  });

  it('runs one wake per host at a time', async () => {
    const closed = await freePort();
    const { ctx, wake } = await setup({ hosts: [orangepi({ ssh: { host: '127.0.0.1', port: closed }, wakeTimeout: 500 })] }, { location: { atHome: () => true } });
    const first = await wake({ host: 'orangepi5' });
    await assert.rejects(wake({ host: 'orangepi5' }), (e: unknown) => e instanceof LabError && e.code === 'busy');
    await ctx.tasks.wait(first.taskId);
    await nic.next();
  });

  it('is absent when no host has a MAC and no Proxmox VE cluster is connected', async () => {
    const ctx = testContext({ config: { hosts: [{ name: 'nas', ssh: { host: '192.0.2.9' } }] } });
    assert.equal(await createWolIntegration().build(ctx, {}), null);
  });
});
