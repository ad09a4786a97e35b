import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { HostConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import { emptySnapshot } from '../../../shared/snapshot';
import type { TaskInfo } from '../../../shared/tasks';
import { systemClock } from '../../../electron/core/clock';
import type { PveWaker } from '../../../electron/core/lab/integration';
import { TaskRunner } from '../../../electron/core/tasks';
import { createWolIntegration, type WolDeps, type WolServices } from '../../../electron/core/wol/integration';
import { testContext } from '../../helpers/integration-context';

const host = (name: string, reachable: boolean): HostState => ({ name, address: null, reachable, via: reachable ? 'ssh' : null, hostKey: null, uptimeSeconds: null, load: null, cores: null, memUsed: null, memTotal: null, checks: [], wakeable: true });

/** A wake action whose task changes are all recorded, as the CLI and the window receive them. */
async function waker(hosts: HostConfig[], services: WolServices, deps: WolDeps, seen: HostState[] = []) {
  const events: TaskInfo[] = [];
  const base = testContext({ config: { hosts }, snapshot: { ...emptySnapshot(), hosts: seen } });
  const ctx = { ...base, tasks: new TaskRunner(systemClock, (t) => events.push(t)) };
  const integ = await createWolIntegration(deps).build(ctx, services);
  assert.ok(integ?.actions?.wake);
  return { ctx, events, wake: integ.actions.wake };
}

describe('labtray wake: a host already up, and progress while waiting', () => {
  let server: Server;
  let port = 0;
  before(async () => {
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('says a host that answers is already up and sends no magic packet', async () => {
    const sent: Buffer[] = [];
    const { ctx, wake } = await waker([{ name: 'orangepi5', mac: '02:ab:3c:4d:5e:6f', broadcast: '127.0.0.1', ssh: { host: '127.0.0.1', port } }], { location: { atHome: () => true } }, { send: async (p) => void sent.push(p) }, [host('orangepi5', true)]);
    const t = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(t.state, 'ok', t.message ?? '');
    assert.equal(t.message, `orangepi5 is already up (answers on 127.0.0.1:${port}); no wake-up sent`);
    assert.equal(sent.length, 0);
  });

  it('wakes a host the last poll saw up but that has gone to sleep since', async () => {
    const sent: Buffer[] = [];
    const probe: WolDeps['probe'] = async (h, p) => {
      if (sent.length === 0) throw new Error(`${h}:${p}: connect ECONNREFUSED`);
    };
    const { ctx, wake } = await waker([{ name: 'orangepi5', mac: '02:ab:3c:4d:5e:6f', broadcast: '127.0.0.1', ssh: { host: '127.0.0.1', port } }], { location: { atHome: () => true } }, { send: async (p) => void sent.push(p), probe, watchIntervalMs: 5 }, [host('orangepi5', true)]);
    const t = await ctx.tasks.wait((await wake({ host: 'orangepi5' })).taskId);
    assert.equal(t.state, 'ok', t.message ?? '');
    assert.equal(sent.length, 1);
    assert.match(t.message ?? '', /^orangepi5 is up after/);
  });

  it('says a Proxmox VE node reported online is already up, without asking the cluster to wake it', async () => {
    const woken: string[] = [];
    const pve: PveWaker = { nodes: () => [{ cluster: 'home', node: 'gtr5', online: true }], wakeNode: async (_c, n) => {
      woken.push(n);
      return 'sent';
    } };
    const { ctx, wake } = await waker([], { pve }, {});
    const t = await ctx.tasks.wait((await wake({ host: 'gtr5' })).taskId);
    assert.equal(t.message, 'gtr5 is already up (Proxmox VE reports gtr5 online); no wake-up sent');
    assert.deepEqual(woken, []);
  });

  it('while waiting, tells how long it has waited, what it tries and why the last try failed', async () => {
    const probe: WolDeps['probe'] = async (h, p) => {
      throw new Error(`${h}:${p}: connect ECONNREFUSED ${h}:${p}`);
    };
    const { ctx, events, wake } = await waker([{ name: 'rockpi5a', mac: '02:ab:3c:4d:5e:70', broadcast: '127.0.0.1', ssh: { host: '127.0.0.1', port: 2222 } }], { location: { atHome: () => true } }, { send: async () => undefined, probe, watchIntervalMs: 10, limitMs: 200 });
    const t = await ctx.tasks.wait((await wake({ host: 'rockpi5a' })).taskId);
    assert.equal(t.state, 'error');
    const progress = events.filter((e) => e.state === 'running' && e.message).map((e) => e.message!);
    assert.match(progress[0], /^waiting for rockpi5a: 0 s of up to 0\.2 s, trying 127\.0\.0\.1:2222$/);
    assert.ok(progress.some((m) => /; last attempt: 127\.0\.0\.1:2222: connect ECONNREFUSED/.test(m)), progress.join('\n'));
    const fractions = events.filter((e) => e.state === 'running' && e.progress !== null).map((e) => e.progress!);
    assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]) && fractions.at(-1)! > 0.1, `progress grows: ${fractions.join(', ')}`);
  });
});
