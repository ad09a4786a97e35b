import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Lab } from '../../../electron/core/lab/lab';
import { PveSim } from '../../../demo/pve/sim';
import { simClient, startPveLab } from '../../helpers/pve';

const TIMEOUT_MS = 2_500;

describe('Proxmox source under faults', () => {
  let sim: PveSim;
  let lab: Lab;
  let stop: () => Promise<void>;
  before(async () => {
    // A timeout a loaded machine still meets for a good read (load 10 on 2 cores took over 400 ms), and faults well past it.
    ({ sim, lab, stop } = await startPveLab({ cluster: (c) => ({ ...c, timeout: TIMEOUT_MS }) }));
    const s = await lab.pollOnce();
    assert.equal(s.sources[0].error, null);
  });
  afterEach(async () => {
    sim.clearFaults();
    // Each test starts from a good read, so "stale" means this test's failure.
    const s = await lab.pollOnce();
    assert.equal(s.sources[0].error, null);
  });
  after(() => stop());

  const error = (s: { sources: { error: string | null }[] }): string => s.sources[0].error ?? '';

  it('a slow answer within the timeout is still read', async () => {
    sim.fault({ kind: 'latency', ms: 100 });
    const s = await lab.pollOnce();
    assert.equal(s.sources[0].error, null);
  });

  it('an answer slower than the timeout fails with a timeout, keeping the last data as stale', async () => {
    sim.fault({ kind: 'latency', ms: TIMEOUT_MS * 3 }, { path: /cluster\/resources/ });
    const s = await lab.pollOnce();
    assert.match(error(s), /no answer within 2\.5 s/);
    assert.equal(s.sources[0].stale, true);
    assert.ok(s.proxmox[0].guests.length > 10, 'the last good data stays visible');
    assert.equal(s.checks.find((c) => c.id === 'proxmox:home:source')?.status, 'warn');
  });

  it('a 500 shows PVE\'s reason', async () => {
    sim.fault({ kind: 'status', status: 500, reason: 'cfs-lock timeout' }, { path: /cluster\/resources/ });
    const s = await lab.pollOnce();
    assert.match(error(s), /GET \/cluster\/resources: HTTP 500: cfs-lock timeout/);
  });

  it('a 503 on a slower read only warns; the cluster is still shown', async () => {
    // Its own Lab: the task list is read on the first poll, then only once a minute.
    const own = await startPveLab({ cluster: (c) => ({ ...c, timeout: TIMEOUT_MS }) });
    try {
      own.sim.fault({ kind: 'status', status: 503, reason: 'Service Unavailable' }, { path: /cluster\/tasks/ });
      const s = await own.lab.pollOnce();
      assert.equal(s.sources[0].error, null);
      assert.ok(s.proxmox[0].guests.length > 10);
      const c = s.checks.find((x) => x.id === 'proxmox:home:read:tasks');
      assert.equal(c?.status, 'warn');
      assert.match(c?.summary ?? '', /could not read tasks: .*HTTP 503/);
    } finally {
      await own.stop();
    }
  });

  it('a connection reset is named', async () => {
    sim.fault({ kind: 'reset' }, { path: /cluster\/resources/ });
    const s = await lab.pollOnce();
    // The simulator destroys the socket mid-answer: the client names the endpoint and the reset, in words and by code.
    assert.match(error(s), /^home: https:\/\/127\.0\.0\.1:\d+: connection (reset \(ECONNRESET\)|closed by the server \(UND_ERR_SOCKET\))$/);
  });

  it('a server that never answers times out', async () => {
    sim.fault({ kind: 'blackhole' }, { path: /cluster\/resources/ });
    const s = await lab.pollOnce();
    assert.match(error(s), /no answer within/);
  });

  it('malformed JSON is reported as such', async () => {
    sim.fault({ kind: 'malformed' }, { path: /cluster\/resources/ });
    const s = await lab.pollOnce();
    assert.match(error(s), /malformed JSON/);
  });

  it('a truncated answer is reported as cut off', async () => {
    sim.fault({ kind: 'truncated' }, { path: /cluster\/resources/ });
    const s = await lab.pollOnce();
    assert.match(error(s), /the answer was cut off/);
  });

  it('a node that leaves the cluster (pvecm delnode) is gone from the cluster, with no finding left behind', async () => {
    const guestsOf = (node: string): number[] => [...sim.guests.values()].filter((g) => g.node === node).map((g) => g.vmid);
    const nodes = [...sim.nodes.keys()];
    const leaving = nodes.reduce((a, b) => (guestsOf(a).length <= guestsOf(b).length ? a : b));
    const stays = nodes.find((n) => n !== leaving)!;
    const moved = guestsOf(leaving);
    if (moved.length) assert.throws(() => sim.removeNode(leaving), /migrate them first/, 'like PVE, not while guests are on it');
    const node = sim.nodes.get(leaving)!;
    const storages = [...sim.storages];
    for (const vmid of moved) sim.guests.get(vmid)!.node = stays;
    sim.removeNode(leaving);
    try {
      const s = await lab.pollOnce();
      assert.equal(error(s), '');
      const c = s.proxmox[0];
      assert.deepEqual(c.nodes.map((n) => n.name).sort(), nodes.filter((n) => n !== leaving).sort());
      assert.ok(!c.storages.some((x) => x.node === leaving) && !c.disks.some((d) => d.node === leaving), 'its storages and disks went with it');
      for (const vmid of moved) assert.equal(c.guests.find((g) => g.vmid === vmid)?.node, stays, `guest ${vmid} shown where it moved`);
      assert.equal(c.quorate, true);
      assert.ok(!s.checks.some((x) => x.id.includes(leaving) || x.summary.includes(leaving)), 'no check speaks of the node that left');
    } finally {
      // The node joins again with its guests, for the tests after this one.
      sim.nodes.set(leaving, node);
      sim.storages.splice(0, sim.storages.length, ...storages);
      for (const vmid of moved) sim.guests.get(vmid)!.node = leaving;
    }
  });

  it('a changed certificate is refused with both fingerprints, before any request', async () => {
    const old = sim.fingerprint;
    const requests = sim.requests.length;
    const fresh = sim.rotateCertificate();
    try {
      const s = await lab.pollOnce();
      assert.match(error(s), /certificate fingerprint mismatch/);
      assert.ok(error(s).includes(`expected ${old}`) && error(s).includes(`got ${fresh}`), error(s));
      assert.equal(sim.requests.length, requests, 'nothing was sent to the new certificate');
      assert.ok(s.proxmox[0].guests.length > 10, 'last good data kept');
    } finally {
      await lab.invoke('trustCertificate', { cluster: 'home', fingerprint: fresh });
    }
  });

  it('an expired ticket leads to one new login, not an error', async () => {
    const { client, close } = simClient(sim, { auth: { kind: 'password', username: 'root@pam', password: sim.users[0].password } });
    try {
      const logins = (): number => sim.requests.filter((r) => r.method === 'POST' && r.path === '/access/ticket').length;
      await client.api().version.$get();
      const before = logins();
      sim.expireTickets();
      const r = (await client.api().cluster.resources.$get()) as unknown[];
      assert.ok(r.length > 10, 'the read that met the expired ticket still answered');
      assert.equal(logins() - before, 1, 'one new login');
      await client.api().cluster.resources.$get();
      assert.equal(logins() - before, 1, 'and the new ticket is used from then on');
    } finally {
      await close();
    }
  });
});

describe('endpoint failover', () => {
  it('uses the next endpoint when the first one refuses, and remembers the good one', async () => {
    const good = await PveSim.start();
    const dead = await PveSim.start();
    const deadUrl = dead.url;
    await dead.stop();
    const { client, close } = simClient(good, { endpoints: [deadUrl, good.url] });
    try {
      await client.api().version.$get();
      assert.equal(client.endpoint, good.url);
      const before = good.requests.length;
      await client.api().version.$get();
      assert.equal(good.requests.length - before, 1);
    } finally {
      await close();
      await good.stop();
    }
  });

  it('fails over on a timeout for reads, with each endpoint\'s reason when all fail', async () => {
    const a = await PveSim.start();
    const b = await PveSim.start({ tokens: a.tokens });
    a.fault({ kind: 'blackhole' });
    const { client, close } = simClient(a, { endpoints: [a.url, b.url], pins: [a.fingerprint, b.fingerprint], timeoutMs: 300 });
    try {
      await client.api().version.$get();
      assert.equal(client.endpoint, b.url);
      b.fault({ kind: 'blackhole' });
      await assert.rejects(client.api().version.$get(), (err: Error) => {
        assert.match(err.message, /no endpoint answered/);
        assert.ok(err.message.includes(a.url) && err.message.includes(b.url));
        return true;
      });
    } finally {
      await close();
      await a.stop();
      await b.stop();
    }
  });

  it('does not repeat a start elsewhere when the first endpoint may have received it', async () => {
    const a = await PveSim.start();
    const b = await PveSim.start({ tokens: a.tokens });
    a.fault({ kind: 'blackhole' }, { path: /status\/start/ });
    const { client, close } = simClient(a, { endpoints: [a.url, b.url], pins: [a.fingerprint, b.fingerprint], timeoutMs: 300 });
    try {
      await assert.rejects(client.request('POST', '/nodes/um560/qemu/101/status/start'), /not retried elsewhere/);
      assert.equal(b.requests.filter((r) => r.path.endsWith('/status/start')).length, 0);
    } finally {
      await close();
      await a.stop();
      await b.stop();
    }
  });
});
