import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../electron/core/clock';
import { MAX_PVE_BODY, PveClient } from '../../../electron/core/proxmox/client';
import { PveProtocolError } from '../../../electron/core/proxmox/errors';
import { closeAgent, createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { createCa } from '../../../demo/kube/pki';

const MiB = 1024 * 1024;
const OFFER = 4 * MAX_PVE_BODY;

interface Served {
  sent: number;
  closedEarly: boolean;
  closed: Promise<void>;
}

/** pveproxy gone wrong on 127.0.0.1 (pinned TLS): /nodes streams a body without end, /version declares a huge one. */
describe('a PVE answer larger than the client reads', () => {
  let server: Server;
  let base = '';
  let pin = '';
  const served: Served[] = [];
  before(async () => {
    const ca = createCa('pve');
    const cert = ca.issueServer('pve1', ['127.0.0.1']);
    pin = new X509Certificate(cert.certPem).fingerprint256;
    const chunk = Buffer.alloc(4 * MiB, 0x20);
    server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res: ServerResponse) => {
      const s: Served = { sent: 0, closedEarly: false, closed: once(res, 'close').then(() => undefined) };
      served.push(s);
      void s.closed.then(() => (s.closedEarly = s.sent < OFFER));
      const declared = req.url?.startsWith('/api2/json/version');
      res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', ...(declared ? { 'Content-Length': String(OFFER) } : {}) });
      res.write('{"data":[');
      const pump = (): void => {
        while (!res.destroyed && s.sent < OFFER) {
          s.sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const a = server.address();
    base = `https://127.0.0.1:${a && typeof a === 'object' ? a.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const [path, how] of [
    ['/nodes', 'streamed without a length'],
    ['/version', 'declared in Content-Length'],
  ] as const) {
    it(`is cut off at ${MAX_PVE_BODY / MiB} MiB with an error naming the call, the endpoint and the limit (${how})`, async () => {
      const agent = createTlsAgent({ fingerprints: [pin], connectTimeoutMs: 2000 });
      const client = new PveClient({ name: 'home', endpoints: [base], auth: { kind: 'token', tokenId: 'root@pam!labtray', secret: '8c7b1e9e-3a5f-4c4e-9f0e-2b1d6a7c8e90' }, fetch: fetchVia(agent), clock: systemClock, timeoutMs: 60_000 });
      try {
        const before = served.length;
        await assert.rejects(client.request('GET', path), (e: Error) => {
          assert.ok(e instanceof PveProtocolError, `${e.name}: ${e.message}`);
          assert.equal(e.message, `GET ${path}: ${base} sent an answer larger than 64 MiB; stopped reading (limit 64 MiB)`);
          return true;
        });
        const s = served[before];
        await s.closed;
        assert.ok(s.closedEarly, `the connection was closed after ${s.sent / MiB} MiB of ${OFFER / MiB} MiB`);
        assert.equal(served.length, before + 1, 'not asked again: an oversized answer is not a network error to retry');
      } finally {
        await closeAgent(agent);
      }
    });
  }
});
