import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { PveSim } from '../../../demo/pve/sim';

interface Answer {
  status: number;
  reason: string;
  body: { data: unknown; errors?: Record<string, string> };
}

// The simulator refuses bad parameter values the way PVE does: HTTP 400, "Parameter verification failed.", the parameter named.
describe('the PVE simulator checks parameter values against the API schema', () => {
  let sim: PveSim;
  let agent: ReturnType<typeof createTlsAgent>;
  let call: (method: 'GET' | 'POST', path: string, params?: Record<string, string>) => Promise<Answer>;

  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
    agent = createTlsAgent({ fingerprints: [sim.fingerprint], connectTimeoutMs: 2000 });
    const fetch = fetchVia(agent);
    const auth = `PVEAPIToken=${sim.tokens[0].id}=${sim.tokens[0].secret}`;
    call = async (method, path, params = {}) => {
      const q = new URLSearchParams(params).toString();
      const url = `${sim.url}/api2/json${path}${method === 'GET' && q ? `?${q}` : ''}`;
      const res = await fetch(url, {
        method,
        headers: { Authorization: auth, ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { body: q } : {}),
      });
      return { status: res.status, reason: res.statusText, body: (await res.json()) as Answer['body'] };
    };
  });
  after(async () => {
    await agent.close();
    await sim.stop();
  });

  it('vzdump compress=bogus: 400 naming compress with the enumeration, and no backup starts', async () => {
    const tasksBefore = sim.tasks.length;
    const r = await call('POST', '/nodes/um560/vzdump', { vmid: '100', storage: 'usb-backup', compress: 'bogus' });
    assert.equal(r.status, 400);
    assert.equal(r.reason, 'Parameter verification failed.');
    assert.deepEqual(r.body, { data: null, errors: { compress: "value 'bogus' does not have a value in the enumeration '0, 1, gzip, lzo, zstd'" } });
    assert.equal(sim.tasks.length, tasksBefore);
  });

  it('/cluster/resources type=bogus is refused; type=vm is served', async () => {
    const bad = await call('GET', '/cluster/resources', { type: 'bogus' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors, { type: "value 'bogus' does not have a value in the enumeration 'vm, storage, node, sdn'" });
    const good = await call('GET', '/cluster/resources', { type: 'vm' });
    assert.equal(good.status, 200);
    assert.ok(Array.isArray(good.body.data) && good.body.data.length > 0);
  });

  it('shutdown timeout=abc fails the integer type check, timeout=-1 the minimum; the guest keeps running', async () => {
    const running = [...sim.guests.values()].find((g) => g.type === 'qemu' && g.status === 'running');
    assert.ok(running, 'the demo lab has a running VM');
    const path = `/nodes/${running.node}/qemu/${running.vmid}/status/shutdown`;
    const abc = await call('POST', path, { timeout: 'abc' });
    assert.equal(abc.status, 400);
    assert.deepEqual(abc.body.errors, { timeout: "type check ('integer') failed - got 'abc'" });
    const negative = await call('POST', path, { timeout: '-1' });
    assert.deepEqual(negative.body.errors, { timeout: 'value must have a minimum value of 0' });
    assert.equal(sim.guest(running.vmid).status, 'running');
  });

  it('booleans, VM ID ranges and formats are checked; several bad values are all named', async () => {
    const r = await call('POST', '/nodes/um560/vzdump', { vmid: '100,abc', mode: 'fast', remove: 'maybe' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors, {
      vmid: 'invalid format - value does not look like a valid VM ID',
      mode: "value 'fast' does not have a value in the enumeration 'snapshot, suspend, stop'",
      remove: "type check ('boolean') failed - got 'maybe'",
    });
    const low = await call('GET', '/nodes/um560/qemu/99/status/current');
    assert.equal(low.status, 400);
    assert.deepEqual(low.body.errors, { vmid: 'value must have a minimum value of 100' });
  });

  it('a missing required parameter is named', async () => {
    const r = await call('POST', '/nodes/um560/status', {});
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors, { command: 'property is missing and it is not optional' });
  });
});
