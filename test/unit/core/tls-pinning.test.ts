import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import forge from 'node-forge';
import { generateCa, generateCertificate, type SimCertificate } from '../../../demo/pve/cert';
import { closeAgent, createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { CertificateMismatchError, CertificateNameError, findMismatch } from '../../../electron/core/tls/fingerprint';
import { createPinnedAgent, fetchCertificate } from '../../../electron/core/tls/pinning';
import { serve, settlesWithin, silentServer, stop, type Served } from '../../helpers/tls-server';

// What the pinning connector and first contact leave behind (connections closed, no timer), the limits they are
// given, and how a certificate trusted by the system's CAs is told apart. The happy paths are in tls-agent.test.ts.

const NODE = 'um560.lab.home.arpa';
const OTHER = 'AB:'.repeat(31) + 'AB';
/** How long a connection that must close is waited for before the test says it stayed open. */
const CLOSE_BOUND_MS = 5_000;

/** Waits until the server has accepted more than `count` connections (bounded: a connection that never comes fails). */
async function connectionAfter(srv: Served, count: number): Promise<{ closed: Promise<void> }> {
  const seen = new Promise<void>((resolve) => {
    const look = (): void => {
      if (srv.closes.length > count) resolve();
      else setImmediate(look);
    };
    look();
  });
  assert.ok(await settlesWithin(seen, CLOSE_BOUND_MS), 'the server saw the connection');
  return { closed: srv.closes[count] };
}

/** A CA-signed certificate shaped by hand: no alternative names, and two OU values in one subject. */
function certificateWithoutNames(issuer: SimCertificate): SimCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '0a';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 24 * 3600_000);
  cert.setSubject([
    { shortName: 'OU', value: 'storage' },
    { shortName: 'OU', value: 'backups' },
    { name: 'commonName', value: 'nas' },
  ]);
  cert.setIssuer(forge.pki.certificateFromPem(issuer.cert).subject.attributes);
  cert.sign(forge.pki.privateKeyFromPem(issuer.key), forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return {
    key: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    cert: forge.pki.certificateToPem(cert),
    fingerprint: hex.match(/../g)?.join(':') ?? '',
  };
}

describe('the connections a refusal or a first contact leave behind', () => {
  const cert = generateCertificate(NODE);
  let srv: Served;
  before(async () => {
    srv = await serve(cert);
  });
  after(() => stop(srv));

  it('closes a connection refused by the pin at once, without waiting for the agent to close', async () => {
    const count = srv.closes.length;
    const agent = createPinnedAgent([OTHER]);
    try {
      const err = await fetchVia(agent)(`https://127.0.0.1:${srv.port}/`, { method: 'GET' }).then(
        () => assert.fail('a wrong pin was accepted'),
        (e: unknown) => e,
      );
      assert.ok(findMismatch(err) instanceof CertificateMismatchError);
      assert.ok(await settlesWithin((await connectionAfter(srv, count)).closed, CLOSE_BOUND_MS), 'the refused connection was left open');
    } finally {
      await agent.close();
    }
  });

  it('closes the connection of a first contact once the certificate is read', async () => {
    const count = srv.closes.length;
    const info = await fetchCertificate(`https://127.0.0.1:${srv.port}`);
    assert.equal(info.fingerprint, cert.fingerprint);
    assert.ok(await settlesWithin((await connectionAfter(srv, count)).closed, CLOSE_BOUND_MS), 'the first-contact connection was left open');
  });

  it('closes the connection that completes after the dialog was closed, and says "aborted" for a reason that is no error', async () => {
    const count = srv.closes.length;
    const late = new AbortController();
    const pending = fetchCertificate(`https://127.0.0.1:${srv.port}`, { signal: late.signal });
    late.abort('closed');
    await assert.rejects(pending, (e: Error) => e.message === 'aborted');
    assert.ok(await settlesWithin((await connectionAfter(srv, count)).closed, CLOSE_BOUND_MS), 'the connection finished after the abort was left open');
    assert.equal(srv.requests, 0);
  });

  it('keeps the failed handshake as the cause of the message it shows', async () => {
    const silent = await silentServer();
    await silent.stop();
    const err = await fetchCertificate(`https://127.0.0.1:${silent.port}`).then(
      () => assert.fail('a closed port answered'),
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    assert.equal(err.cause?.code, 'ECONNREFUSED');
  });

  it('leaves no timer running once an idle agent has closed (a CLI would wait for it before exiting)', async () => {
    const agent = createPinnedAgent([cert.fingerprint]);
    await (await fetchVia(agent)(`https://127.0.0.1:${srv.port}/`, { method: 'GET' })).text();
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await closeAgent(agent, 60_000);
    assert.equal(agent.closed, true);
    assert.ok(timers() <= before, `closeAgent left a timer behind (${before} before, ${timers()} after)`);
  });
});

describe('the handshake limit each connector is given', () => {
  let silent: { port: number; stop(): Promise<void> };
  before(async () => {
    silent = await silentServer();
  });
  after(() => silent.stop());

  const limitOf = (err: unknown): string => /timeout: (\d+)ms/.exec(String((err as { cause?: Error }).cause?.message ?? (err as Error).message))?.[1] ?? 'none';

  it('gives up a handshake that never ends after the limit it was given, pinned, by a CA, or on first contact', async () => {
    const fp = generateCertificate(NODE).fingerprint;
    for (const agent of [createPinnedAgent([fp], { connectTimeoutMs: 250 }), createTlsAgent({ fingerprints: [fp], connectTimeoutMs: 260 }), createTlsAgent({ ca: generateCa().cert, connectTimeoutMs: 270 })]) {
      try {
        const err = await fetchVia(agent)(`https://127.0.0.1:${silent.port}/`, { method: 'GET' }).then(
          () => assert.fail('a silent server answered'),
          (e: unknown) => e,
        );
        assert.ok(['250', '260', '270'].includes(limitOf(err)), `the limit in "${String((err as { cause?: Error }).cause?.message)}"`);
      } finally {
        await agent.destroy();
      }
    }
    const err = await fetchCertificate(`https://127.0.0.1:${silent.port}`, { timeoutMs: 280 }).then(
      () => assert.fail('a silent server answered'),
      (e: unknown) => e as Error,
    );
    assert.equal(err.message, `127.0.0.1:${silent.port}: TLS handshake failed: Connect Timeout Error (attempted address: 127.0.0.1:${silent.port}, timeout: 280ms)`);
  });
});

describe('a CA among the system CAs', () => {
  const ca = generateCa();
  const good = generateCertificate(NODE, ca);
  const elsewhere = generateCertificate(NODE, ca, ['nas.example.org']);
  const nameless = certificateWithoutNames(ca);
  const servers: Served[] = [];
  const system = getCACertificates('default');
  before(async () => {
    for (const c of [good, elsewhere, nameless]) servers.push(await serve(c));
    setDefaultCACertificates([...system, ca.cert]);
  });
  after(async () => {
    setDefaultCACertificates(system);
    for (const s of servers) await stop(s);
  });

  it('reads a certificate for this name as CA-trusted, and one for another name as a trusted chain only', async () => {
    const [forThis, forOther] = [await fetchCertificate(`https://127.0.0.1:${servers[0].port}`), await fetchCertificate(`https://127.0.0.1:${servers[1].port}`)];
    assert.deepEqual([forThis.caTrusted, forThis.chainTrusted], [true, true]);
    assert.deepEqual([forOther.caTrusted, forOther.chainTrusted], [false, true]);
    assert.deepEqual(forOther.names, ['DNS:nas.example.org']);
  });

  it('lets the system CAs decide when neither a pin nor a CA is given; an empty pin list is no pin', async () => {
    for (const trust of [{}, { fingerprints: [] }]) {
      const agent = createTlsAgent(trust);
      try {
        assert.equal(await (await fetchVia(agent)(`https://127.0.0.1:${servers[0].port}/sys`, { method: 'GET' })).text(), 'answered /sys');
      } finally {
        await agent.close();
      }
    }
  });

  it('keeps a CA-verified agent to its connection limit: three requests at once share one connection', async () => {
    const before = servers[0].connections;
    const agent = createTlsAgent({ ca: ca.cert, connections: 1 });
    try {
      const bodies = await Promise.all([1, 2, 3].map((n) => fetchVia(agent)(`https://127.0.0.1:${servers[0].port}/${n}`, { method: 'GET' }).then((r) => r.text())));
      assert.deepEqual(bodies, ['answered /1', 'answered /2', 'answered /3']);
    } finally {
      await agent.close();
    }
    assert.equal(servers[0].connections - before, 1);
  });

  it('reads a certificate without alternative names as having none, and a subject with two values of one field joined by "+"', async () => {
    const info = await fetchCertificate(`https://127.0.0.1:${servers[2].port}`);
    assert.equal(info.fingerprint, nameless.fingerprint);
    assert.deepEqual(info.names, []);
    assert.equal(info.subject, 'OU=storage+backups, CN=nas');
    assert.deepEqual([info.caTrusted, info.chainTrusted], [false, true]);
  });

  it('refuses a certificate without alternative names for an address, saying it has none', async () => {
    const agent = createTlsAgent({ ca: ca.cert });
    try {
      const err = await fetchVia(agent)(`https://127.0.0.1:${servers[2].port}/`, { method: 'GET' }).then(
        () => assert.fail('a certificate without names was accepted for 127.0.0.1'),
        (e: unknown) => (e as { cause?: unknown }).cause,
      );
      assert.ok(err instanceof CertificateNameError);
      assert.equal(err.message, `the certificate of 127.0.0.1:${servers[2].port} was issued for another name (no subject alternative names), not 127.0.0.1: refused`);
    } finally {
      await agent.close();
    }
  });
});

describe('the words of the TLS errors', () => {
  it('keeps why a CA file could not be read as the cause', () => {
    const missing = `/nonexistent-${process.pid}/pve-root-ca.pem`;
    assert.throws(() => createTlsAgent({ caFile: missing }), (e: Error & { cause?: { code?: string } }) => e.message.startsWith(`cannot read the CA file ${missing}: ENOENT`) && e.cause?.code === 'ENOENT');
  });

  it('lists every pin expected, and strips the port of an IPv6 host only', () => {
    const third = 'CD:'.repeat(31) + 'CD';
    assert.match(new CertificateMismatchError('nas:8006', [OTHER, third], 'EF:'.repeat(31) + 'EF').message, new RegExp(`expected ${OTHER} or ${third} got EF:`));
    assert.equal(new CertificateNameError('[::1]:8006', 'DNS:nas').message, 'the certificate of [::1]:8006 was issued for another name (DNS:nas), not [::1]: refused');
  });
});
