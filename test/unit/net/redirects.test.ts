import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { systemClock } from '../../../electron/core/clock';
import { createPromClient } from '../../../electron/core/metrics/client';
import { PveClient } from '../../../electron/core/proxmox/client';
import { fetchVia } from '../../../electron/core/tls/agent';

/** Plain http on loopback: the servers here stand for what answers at an endpoint, TLS is not the subject. */
const plainFetch = fetchVia(new Agent());

interface Listening {
  url: string;
  requests: IncomingMessage[];
  server: Server;
}

function listen(handler: (req: IncomingMessage, res: import('node:http').ServerResponse, seen: IncomingMessage[]) => void): Promise<Listening> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, requests, server });
    }),
  );
}

/**
 * A front that answers every request with a redirect to another server (a
 * reverse proxy misconfigured, or a hostile box on the LAN): the credential
 * must never reach where it points.
 */
describe('API clients never follow a redirect with the credentials', () => {
  let elsewhere: Listening;
  let front: Listening;
  before(async () => {
    elsewhere = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
    front = await listen((req, res) => res.writeHead(307, { location: `${elsewhere.url}${req.url ?? '/'}` }).end());
  });
  after(() => {
    front.server.close();
    elsewhere.server.close();
  });

  it('Proxmox VE: a 307 on an API call with a token is an error naming the target; nothing reaches it', async () => {
    const client = new PveClient({ name: 'home', endpoints: [front.url], auth: { kind: 'token', tokenId: 'root@pam!labtray', secret: 'c0ffee00-1111-4222-8333-444455556666' }, fetch: plainFetch, clock: systemClock, timeoutMs: 3000 });
    await assert.rejects(client.request('GET', '/cluster/resources'), (e: Error) => e.message.includes(`answered with a redirect (HTTP 307) to ${elsewhere.url}/api2/json/cluster/resources`) && e.message.includes('does not follow redirects'));
    assert.ok(front.requests.some((r) => /^PVEAPIToken=/.test(String(r.headers.authorization))), 'the front got the call');
    assert.equal(elsewhere.requests.length, 0, 'the redirect target got nothing');
  });

  it('Proxmox VE: a 307 on the password login is refused before the password goes anywhere else', async () => {
    const before = elsewhere.requests.length;
    const client = new PveClient({ name: 'home', endpoints: [front.url], auth: { kind: 'password', username: 'root@pam', password: 'hunter2-is-not-a-password' }, fetch: plainFetch, clock: systemClock, timeoutMs: 3000 });
    await assert.rejects(client.request('GET', '/nodes'), /answered with a redirect \(HTTP 307\)/);
    assert.equal(elsewhere.requests.length, before);
  });

  it('metrics: a redirect with the bearer token is an error naming the target; nothing reaches it', async () => {
    const before = elsewhere.requests.length;
    const client = createPromClient({ url: front.url, fetch: plainFetch, headers: async () => ({ authorization: 'Bearer vm-read-token-123456' }) });
    await assert.rejects(client.query('up'), (e: Error & { code?: string }) => e.code === 'redirect' && e.message.includes(`to ${elsewhere.url}/api/v1/query?query=up`));
    assert.equal(elsewhere.requests.length, before);
  });
});
