import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCa, generateCertificate } from '../../../demo/pve/cert';
import { closeAgent, createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { CertificateMismatchError, CertificateNameError, findMismatch } from '../../../electron/core/tls/fingerprint';
import { createPinnedAgent, fetchCertificate } from '../../../electron/core/tls/pinning';
import { closedPort, serve, stop, type Served } from '../../helpers/tls-server';

const OTHER = 'AB:'.repeat(31) + 'AB';
const NODE = 'um560.lab.home.arpa';

describe('the pinning connector against a local TLS server', () => {
  const cert = generateCertificate(NODE);
  let srv: Served;
  before(async () => {
    srv = await serve(cert);
  });
  after(() => stop(srv));

  it('accepts the pinned certificate in any spelling and tells onPeer the host and fingerprint it saw', async () => {
    const seen: string[] = [];
    const agent = createPinnedAgent([OTHER, cert.fingerprint.replace(/:/g, '').toLowerCase()], { onPeer: (h, fp) => seen.push(`${h} ${fp}`) });
    try {
      const res = await fetchVia(agent)(`https://127.0.0.1:${srv.port}/api2/json/version`, { method: 'GET' });
      assert.equal(await res.text(), 'answered /api2/json/version');
      assert.deepEqual(seen, [`127.0.0.1:${srv.port} ${cert.fingerprint}`]);
    } finally {
      await agent.close();
    }
  });

  it('refuses another certificate after the handshake, before one HTTP byte, naming the host, the pin and what it got', async () => {
    const requests = srv.requests;
    const connections = srv.connections;
    const seen: string[] = [];
    const agent = createPinnedAgent([OTHER], { onPeer: (_h, fp) => seen.push(fp) });
    try {
      const err = await fetchVia(agent)(`https://127.0.0.1:${srv.port}/`, { method: 'GET' }).then(
        () => assert.fail('a wrong pin was accepted'),
        (e: unknown) => e,
      );
      const mismatch = findMismatch(err);
      assert.ok(mismatch instanceof CertificateMismatchError);
      assert.equal(mismatch.code, 'certificate-changed');
      assert.equal(mismatch.name, 'CertificateMismatchError');
      assert.equal(mismatch.host, `127.0.0.1:${srv.port}`);
      assert.deepEqual(mismatch.expected, [OTHER]);
      assert.equal(mismatch.actual, cert.fingerprint);
      assert.equal(
        mismatch.message,
        `certificate fingerprint mismatch for 127.0.0.1:${srv.port}: expected ${OTHER} got ${cert.fingerprint} — the server certificate changed; nothing was sent. If you renewed it yourself, trust the new fingerprint in Settings.`,
      );
      assert.deepEqual(seen, [cert.fingerprint], 'onPeer sees the refused certificate too');
    } finally {
      await agent.close();
    }
    assert.ok(srv.connections > connections, 'the handshake happened');
    assert.equal(srv.requests, requests, 'no HTTP request reached the server');
  });

  it('refuses a pin that is not a fingerprint, and an empty pin list, by name', () => {
    assert.throws(() => createPinnedAgent(['DB:74:63']), (e: Error) => e.message === '"DB:74:63" is not a SHA-256 certificate fingerprint (64 hex digits)');
    assert.throws(() => createPinnedAgent([]), (e: Error) => e.message === 'a pinned connection needs at least one fingerprint');
  });

  it('passes a failed TCP connection on as it is', async () => {
    const port = await closedPort();
    const agent = createPinnedAgent([cert.fingerprint]);
    try {
      const err = await fetchVia(agent)(`https://127.0.0.1:${port}/`, { method: 'GET' }).then(
        () => assert.fail('a closed port answered'),
        (e: unknown) => e as { cause?: { code?: string } },
      );
      assert.equal(err.cause?.code, 'ECONNREFUSED');
      assert.equal(findMismatch(err), null);
    } finally {
      await agent.close();
    }
  });

  it('keeps to the connection limit it was given: three requests at once share one connection', async () => {
    for (const [connections, expected] of [[1, 1], [undefined, 3]] as const) {
      const before = srv.connections;
      const agent = createTlsAgent({ fingerprints: [cert.fingerprint], ...(connections ? { connections } : {}) });
      try {
        const bodies = await Promise.all([1, 2, 3].map((n) => fetchVia(agent)(`https://127.0.0.1:${srv.port}/${n}`, { method: 'GET' }).then((r) => r.text())));
        assert.deepEqual(bodies, ['answered /1', 'answered /2', 'answered /3']);
      } finally {
        await agent.close();
      }
      assert.equal(srv.connections - before, expected, `connections: ${connections}`);
    }
  });
});

describe('first contact: reading a certificate without sending HTTP', () => {
  const cert = generateCertificate(NODE);
  let srv: Served;
  before(async () => {
    srv = await serve(cert);
  });
  after(() => stop(srv));

  it('reads fingerprint, subject, issuer, validity and names of a self-signed node certificate, trusted by no CA', async () => {
    const sockets: string[] = [];
    const info = await fetchCertificate(`https://127.0.0.1:${srv.port}`, { onConnected: (s) => sockets.push(`${s.remoteAddress}:${s.remotePort}`) });
    assert.equal(info.fingerprint, cert.fingerprint);
    assert.equal(info.subject, `O=PVE Cluster Node, OU=PVE Cluster Node, CN=${NODE}`);
    assert.equal(info.issuer, info.subject);
    assert.deepEqual(info.names, ['IP Address:127.0.0.1', 'DNS:localhost', `DNS:${NODE}`]);
    assert.match(info.validFrom, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.ok(Date.parse(info.validTo) - Date.parse(info.validFrom) > 700 * 24 * 3600_000, `${info.validFrom} .. ${info.validTo}`);
    assert.deepEqual([info.caTrusted, info.chainTrusted], [false, false]);
    assert.deepEqual(sockets, [`127.0.0.1:${srv.port}`]);
    assert.equal(srv.requests, 0);
  });

  it('sends the host name for SNI, but not an IP address', async () => {
    const before = srv.servernames.length;
    await fetchCertificate(`https://localhost:${srv.port}/`);
    await fetchCertificate(`https://127.0.0.1:${srv.port}/`);
    assert.deepEqual(srv.servernames.slice(before), ['localhost'], 'one SNI name, from the first call');
  });

  it('reads a certificate at an IPv6 address', async (t) => {
    let v6: Served;
    try {
      v6 = await serve(cert, '::1');
    } catch {
      t.skip('no IPv6 loopback here');
      return;
    }
    try {
      const info = await fetchCertificate(`https://[::1]:${v6.port}/`);
      assert.equal(info.fingerprint, cert.fingerprint);
      assert.deepEqual(v6.servernames, [], 'an IPv6 address is not sent as an SNI name');
    } finally {
      await stop(v6);
    }
  });

  it('refuses a URL that is not https, and says where the handshake failed', async () => {
    await assert.rejects(fetchCertificate(`http://127.0.0.1:${srv.port}/`), (e: Error) => e.message === `http://127.0.0.1:${srv.port}/: only https:// URLs have a certificate`);
    const port = await closedPort();
    await assert.rejects(fetchCertificate(`https://127.0.0.1:${port}`), (e: Error) => e.message === `127.0.0.1:${port}: TLS handshake failed: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('stops at once when aborted before, and when aborted while connecting', async () => {
    const early = new AbortController();
    early.abort(new Error('the user closed the dialog'));
    await assert.rejects(fetchCertificate(`https://127.0.0.1:${srv.port}`, { signal: early.signal }), /the user closed the dialog/);
    const late = new AbortController();
    const pending = fetchCertificate(`https://127.0.0.1:${srv.port}`, { signal: late.signal });
    late.abort(new Error('cancelled while connecting'));
    await assert.rejects(pending, /cancelled while connecting/);
  });
});

describe('CA trust', () => {
  const ca = generateCa();
  const good = generateCertificate(NODE, ca);
  const elsewhere = generateCertificate(NODE, ca, ['nas.example.org']);
  let srv: Served;
  let wrongName: Served;
  let dir: string;
  before(async () => {
    srv = await serve(good);
    wrongName = await serve(elsewhere);
    dir = mkdtempSync(join(tmpdir(), 'labtray-tls-'));
  });
  after(async () => {
    await stop(srv);
    await stop(wrongName);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a certificate signed by the CA given as a file, and refuses it with another CA', async () => {
    const file = join(dir, 'pve-root-ca.pem');
    writeFileSync(file, ca.cert);
    const agent = createTlsAgent({ caFile: file });
    const other = createTlsAgent({ ca: generateCa().cert });
    try {
      assert.equal(await (await fetchVia(agent)(`https://127.0.0.1:${srv.port}/ok`, { method: 'GET' })).text(), 'answered /ok');
      await assert.rejects(fetchVia(other)(`https://127.0.0.1:${srv.port}/`, { method: 'GET' }), (e: Error & { cause?: Error }) => /certificate signature failure/.test(e.cause?.message ?? ''));
    } finally {
      await agent.close();
      await other.close();
    }
  });

  it('names a CA file it cannot read', () => {
    const file = join(dir, 'missing.pem');
    assert.throws(() => createTlsAgent({ caFile: file }), (e: Error) => e.message.startsWith(`cannot read the CA file ${file}: ENOENT`));
  });

  it('refuses a CA-signed certificate issued for another name, listing the names it has', async () => {
    const agent = createTlsAgent({ ca: ca.cert });
    try {
      const err = await fetchVia(agent)(`https://127.0.0.1:${wrongName.port}/`, { method: 'GET' }).then(
        () => assert.fail('a certificate for another name was accepted'),
        (e: unknown) => (e as { cause?: unknown }).cause,
      );
      assert.ok(err instanceof CertificateNameError);
      assert.equal(err.code, 'certificate-name');
      assert.equal(err.name, 'CertificateNameError');
      assert.equal(err.message, `the certificate of 127.0.0.1:${wrongName.port} was issued for another name (DNS:nas.example.org), not 127.0.0.1: refused`);
      assert.equal(wrongName.requests, 0);
    } finally {
      await agent.close();
    }
    assert.equal(new CertificateNameError('nas:8006', '').message, 'the certificate of nas:8006 was issued for another name (no subject alternative names), not nas: refused');
  });

  it('reads a CA-signed certificate for this name as trusted, and one for another name as a trusted chain only', async () => {
    // fetchCertificate judges with the system CAs; a private CA is not among them.
    const info = await fetchCertificate(`https://127.0.0.1:${srv.port}`);
    assert.equal(info.issuer, 'CN=Proxmox Virtual Environment, OU=labtray-sim, O=PVE Cluster Manager CA');
    assert.deepEqual([info.caTrusted, info.chainTrusted], [false, false]);
  });
});

describe('closing an agent', () => {
  const cert = generateCertificate(NODE);
  let srv: Served;
  before(async () => {
    srv = await serve(cert);
  });
  after(() => stop(srv));

  it('closes an idle agent, and destroys one whose request will never be answered', async () => {
    const idle = createPinnedAgent([cert.fingerprint]);
    await (await fetchVia(idle)(`https://127.0.0.1:${srv.port}/`, { method: 'GET' })).text();
    await closeAgent(idle);
    assert.equal(idle.closed, true);
    const stuck = createPinnedAgent([cert.fingerprint]);
    const giveUp = new AbortController();
    void fetchVia(stuck)(`https://127.0.0.1:${srv.port}/hang`, { method: 'GET', signal: giveUp.signal }).catch(() => undefined);
    while (srv.hanging.length === 0) await new Promise((r) => setImmediate(r));
    try {
      await closeAgent(stuck, 20);
      assert.equal(stuck.destroyed, true);
    } finally {
      giveUp.abort();
    }
    await srv.hanging[0];
  });
});

describe('finding a certificate change in an error', () => {
  it('looks through up to eight wrappers, and no further', () => {
    const mismatch = new CertificateMismatchError('nas:8006', [OTHER], 'CD:'.repeat(31) + 'CD');
    const wrap = (e: unknown, times: number): unknown => (times === 0 ? e : wrap(new Error('fetch failed', { cause: e }), times - 1));
    assert.equal(findMismatch(mismatch), mismatch);
    assert.equal(findMismatch(wrap(mismatch, 7)), mismatch);
    assert.equal(findMismatch(wrap(mismatch, 8)), null);
    assert.equal(findMismatch(wrap(new Error('socket hang up'), 2)), null);
    assert.equal(findMismatch(null), null);
  });
});
