import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { fetchCertificate } from '../../../electron/core/tls/pinning';
import { generateCa, generateCertificate } from '../../../demo/pve/cert';
import { PveSim } from '../../../demo/pve/sim';
import { simClient, startPveLab } from '../../helpers/pve';
import { createLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';

const otherPin = 'AB:'.repeat(31) + 'AB';

describe('certificate pinning', () => {
  let sim: PveSim;
  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
  });
  after(() => sim.stop());

  it('a wrong pin sends zero HTTP requests and says the fingerprint does not match, old and new', async () => {
    const { client, close } = simClient(sim, { pins: [otherPin] });
    const connections = sim.connections;
    try {
      await assert.rejects(client.api().cluster.resources.$get(), (err: Error) => {
        assert.match(err.message, /certificate fingerprint mismatch/);
        assert.ok(err.message.includes(`expected ${otherPin}`), err.message);
        assert.ok(err.message.includes(`got ${sim.fingerprint}`), err.message);
        return true;
      });
    } finally {
      await close();
    }
    assert.ok(sim.connections > connections, 'the TLS handshake did happen');
    assert.equal(sim.requests.length, 0, 'no HTTP request reached the server');
  });

  it('the right pin is accepted (colons and case do not matter)', async () => {
    const { client, close } = simClient(sim, { pins: [sim.fingerprint.replace(/:/g, '').toLowerCase()] });
    try {
      const v = (await client.api().version.$get()) as { version: string };
      assert.equal(v.version, '9.1.1');
    } finally {
      await close();
    }
  });

  it('first contact reads the certificate to show the user, sending no HTTP', async () => {
    const before = sim.requests.length;
    const info = await fetchCertificate(sim.url);
    assert.equal(info.fingerprint, sim.fingerprint);
    assert.match(info.subject, /CN=um560\.lab\.home\.arpa/);
    assert.ok(Date.parse(info.validTo) > Date.now());
    assert.equal(sim.requests.length, before);
  });

  it('without a pin or CA, the self-signed certificate is refused', async () => {
    const agent = createTlsAgent({});
    try {
      await assert.rejects(fetchVia(agent)(`${sim.url}/api2/json/version`, { method: 'GET' }), (err: Error) => /self[- ]signed|certificate/i.test(String((err as { cause?: Error }).cause?.message ?? err.message)));
    } finally {
      await agent.close();
    }
  });
});

describe('CA file verification', () => {
  it('accepts a node certificate signed by the cluster CA and refuses another CA', async () => {
    const ca = generateCa();
    const sim = await PveSim.start({ certificate: generateCertificate('um560', ca) });
    const good = createTlsAgent({ ca: ca.cert });
    const bad = createTlsAgent({ ca: generateCa().cert });
    try {
      const res = await fetchVia(good)(`${sim.url}/api2/json/version`, { method: 'GET', headers: { Authorization: `PVEAPIToken=${sim.tokens[0].id}=${sim.tokens[0].secret}` } });
      assert.equal(res.status, 200);
      await res.text();
      await assert.rejects(fetchVia(bad)(`${sim.url}/api2/json/version`, { method: 'GET' }));
    } finally {
      await good.close();
      await bad.close();
      await sim.stop();
    }
  });
});

describe('trust on first use through the Lab', () => {
  it('fails without a fingerprint, then works once the user trusts the one shown', async () => {
    const { sim, lab, stop } = await startPveLab({ cluster: (c) => ({ ...c, fingerprint: undefined }) });
    try {
      let s = await lab.pollOnce();
      assert.match(s.sources[0].error ?? '', /certificate/i);
      const cert = await lab.invoke('fetchCertificate', { url: sim.url });
      assert.equal(cert.fingerprint, sim.fingerprint);
      await lab.invoke('trustCertificate', { cluster: 'home', fingerprint: cert.fingerprint });
      assert.equal(lab.currentConfig.proxmox?.[0].fingerprint, sim.fingerprint);
      s = await lab.pollOnce();
      assert.equal(s.sources[0].error, null);
      assert.ok(s.proxmox[0].guests.length > 10);
      const test = await lab.invoke('testConnection', { kind: 'proxmox', name: 'home' });
      assert.equal(test.ok, true);
      assert.match(test.message, /Proxmox VE 9\.1\.1/);
      assert.deepEqual(test.nodes, [...sim.nodes.keys()].sort(), 'the test lists the nodes found');
      assert.deepEqual(test.missing, [], 'root@pam!labtray holds everything');
    } finally {
      await stop();
    }
  });
});

describe('first contact from an empty config', () => {
  it('a lab with no cluster yet reads the certificate of the first one it is about to add, sending no HTTP', async () => {
    const sim = await PveSim.start({ speed: 0.02 });
    const lab = createLab({ config: {}, secrets: new MemorySecretStore() });
    try {
      const cert = await lab.invoke('fetchCertificate', { url: sim.url });
      assert.equal(cert.fingerprint, sim.fingerprint);
      assert.equal(sim.requests.length, 0, 'no HTTP request reached the server');
    } finally {
      await lab.stop();
      await sim.stop();
    }
  });
});

describe('the connection test reads what the credentials may do', () => {
  it('a read-only token: connects, lists the nodes, and names power control, backups and snapshots as missing', async () => {
    const { sim, lab, stop } = await startPveLab({ cluster: (c, s) => ({ ...c, tokenId: s.tokens[1].id, tokenSecret: 'secret:pve-ro' }) });
    try {
      await lab.pollOnce();
      const test = await lab.invoke('testConnection', { kind: 'proxmox', name: 'home' });
      assert.equal(test.ok, true, test.message);
      assert.deepEqual(test.nodes, [...sim.nodes.keys()].sort());
      assert.deepEqual(test.missing, [
        { feature: 'power', privileges: ['VM.PowerMgmt'] },
        { feature: 'backup', privileges: ['VM.Backup', 'Datastore.AllocateSpace'] },
        { feature: 'snapshot', privileges: ['VM.Snapshot'] },
        { feature: 'nodes', privileges: ['Sys.PowerMgmt'] },
      ]);
    } finally {
      await stop();
    }
  });
});
