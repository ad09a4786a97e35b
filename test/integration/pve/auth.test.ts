import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StepClock } from '../../helpers/fake-clock';
import { PveClient } from '../../../electron/core/proxmox/client';
import { createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { PveSim } from '../../../demo/pve/sim';
import { simClient, startPveLab } from '../../helpers/pve';


describe('Proxmox auth', () => {
  let sim: PveSim;
  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
  });
  after(() => sim.stop());

  const password = () => ({ kind: 'password' as const, username: 'root@pam', password: sim.users[0].password });

  it('logs in with a password, reads, and writes with the CSRF token', async () => {
    const { client, close } = simClient(sim, { auth: password() });
    try {
      const res = (await client.api().cluster.resources.$get()) as unknown[];
      assert.ok(res.length > 10);
      const upid = await client.request('POST', '/nodes/um560/qemu/101/status/start');
      assert.match(String(upid), /^UPID:um560:.*:qmstart:101:root@pam:$/);
      assert.equal(sim.logins.length, 1);
    } finally {
      await close();
    }
  });

  it('the simulator refuses a write with a ticket but without the CSRF token', async () => {
    const { ticket } = sim.login('root@pam', sim.users[0].password);
    const agent = createTlsAgent({ fingerprints: [sim.fingerprint] });
    try {
      const res = await fetchVia(agent)(`${sim.url}/api2/json/nodes/um560/qemu/101/status/stop`, { method: 'POST', headers: { Cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` } });
      assert.equal(res.status, 401);
      assert.match(res.statusText, /invalid csrf token/);
      await res.text();
      assert.ok(!sim.tasks.some((t) => t.type === 'qmstop'), 'no stop task was created');
    } finally {
      await agent.close();
    }
  });

  it('logs in again once when the ticket has expired', async () => {
    const { client, close } = simClient(sim, { auth: password() });
    try {
      await client.api().version.$get();
      const before = sim.logins.length;
      sim.expireTickets();
      const v = (await client.api().version.$get()) as { version: string };
      assert.equal(v.version, '9.1.1');
      assert.equal(sim.logins.length - before, 1);
    } finally {
      await close();
    }
  });

  it('renews the ticket before its two hours run out, using the ticket itself', async () => {
    const clock = new StepClock();
    const agent = createTlsAgent({ fingerprints: [sim.fingerprint] });
    const client = new PveClient({ name: 'home', endpoints: [sim.url], auth: password(), fetch: fetchVia(agent), clock });
    try {
      await client.api().version.$get();
      const before = sim.logins.length;
      clock.offset = 100 * 60_000;
      await client.api().version.$get();
      assert.deepEqual(sim.logins.slice(before), ['renewal']);
    } finally {
      await agent.close();
    }
  });

  it('says the password is wrong, without repeating it', async () => {
    const { client, close } = simClient(sim, { auth: { kind: 'password', username: 'root@pam', password: 'not-the-password' } });
    try {
      await assert.rejects(client.api().version.$get(), (err: Error) => {
        assert.match(err.message, /login as root@pam failed: wrong user name or password/);
        assert.doesNotMatch(err.message, /not-the-password/);
        return true;
      });
    } finally {
      await close();
    }
  });

  it('says a token is rejected, without showing its secret', async () => {
    const secret = '00000000-1111-2222-3333-444444444444';
    const { client, close } = simClient(sim, { auth: { kind: 'token', tokenId: 'root@pam!labtray', secret } });
    try {
      await assert.rejects(client.api().cluster.resources.$get(), (err: Error) => {
        assert.match(err.message, /authentication failed \(HTTP 401\)/);
        assert.ok(!err.message.includes(secret));
        return true;
      });
    } finally {
      await close();
    }
  });
});

describe('a token without VM.PowerMgmt', () => {
  it('sees the cluster but a Start explains which privilege is missing on which path', async () => {
    const { sim, lab, stop } = await startPveLab({ cluster: (c, s) => ({ ...c, tokenId: s.tokens[1].id, tokenSecret: 'secret:pve-ro' }) });
    try {
      const s = await lab.pollOnce();
      assert.equal(s.sources[0].error, null);
      const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [101], action: 'start' });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'error');
      assert.match(t.message ?? '', /lacks VM\.PowerMgmt on \/vms\/101/);
      assert.equal(sim.guest(101).status, 'stopped');
    } finally {
      await stop();
    }
  });
});
