import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Dispatcher } from 'undici';
import { closeAgent, createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { CertificateNameError } from '../../../electron/core/tls/fingerprint';
import { within } from '../../../electron/cli/open';
import { generateCa, generateCertificate } from '../../../demo/pve/cert';
import { PveSim } from '../../../demo/pve/sim';

describe('closing always finishes', () => {
  const ca = generateCa();
  let sim: PveSim;
  before(async () => {
    sim = await PveSim.start({ certificate: generateCertificate('nas.example.org', ca, ['nas.example.org']) });
  });
  after(() => sim.stop());

  it('a CA-trusted certificate for another name fails every request at once, and the agent then closes', async () => {
    const agent = createTlsAgent({ ca: ca.cert, connections: 2, connectTimeoutMs: 5_000 });
    const url = `${sim.url}/api2/json/version`;
    // Five at once on two connections: undici queues three behind the two that fail their name check.
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => fetchVia(agent)(url, { method: 'GET' })));
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      const cause = (r as PromiseRejectedResult).reason?.cause;
      assert.ok(cause instanceof CertificateNameError, String(cause));
      assert.equal(cause.names, 'DNS:nas.example.org');
    }
    await agent.close();
    assert.equal(sim.requests.length, 0, 'nothing was sent to it');
  });

  it('closeAgent destroys an agent whose close() never settles', async () => {
    let destroyed = false;
    const stuck = { close: () => new Promise<void>(() => undefined), destroy: async () => void (destroyed = true) } as unknown as Dispatcher;
    await closeAgent(stuck, 50);
    assert.equal(destroyed, true);
  });

  it('the CLI stops waiting for a close that hangs, and says so', async () => {
    let late = false;
    await within(new Promise(() => undefined), 50, () => (late = true));
    assert.equal(late, true);
    let early = false;
    await within(Promise.resolve(), 10_000, () => (early = true));
    assert.equal(early, false);
  });
});
