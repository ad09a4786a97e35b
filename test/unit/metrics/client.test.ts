import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import { createPromClient, displayUrl, queryEndpoint } from '../../../electron/core/metrics/client';
import { createMetricsIntegration } from '../../../electron/core/metrics/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { testContext } from '../../helpers/integration-context';
import { freePort } from '../../helpers/sshd';

const upAnswer = readFileSync(join(import.meta.dirname, '../../fixtures/metrics/query-up.json'), 'utf8');

/** A Prometheus API behind a reverse proxy that wants a bearer token (as vmauth does); /slow never answers. */
function startApi(token: string): Promise<{ url: string; requests: IncomingMessage[]; stop(): Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    if (req.url?.startsWith('/slow/')) return;
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
      return;
    }
    if (req.url?.startsWith('/html/')) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Grafana</html>');
      return;
    }
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/select/0/prometheus/api/v1/query') return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'application/json' }).end(u.searchParams.get('query') === 'up' ? upAnswer : '{"status":"success","data":{"resultType":"vector","result":[]}}');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        stop: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

describe('metrics query client', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  const agent = createTlsAgent({});
  before(async () => {
    api = await startApi('vmauth-token-42');
  });
  after(async () => {
    await api.stop();
    await agent.close();
  });

  it('builds the query endpoint under any base path and hides credentials when naming the server', () => {
    assert.equal(queryEndpoint('http://vm:8428'), 'http://vm:8428/api/v1/query');
    assert.equal(queryEndpoint('https://vmselect:8481/select/0/prometheus/'), 'https://vmselect:8481/select/0/prometheus/api/v1/query');
    assert.equal(queryEndpoint('http://prom:9090/api/v1/query'), 'http://prom:9090/api/v1/query');
    assert.equal(displayUrl('https://reader:hunter2@prom.lan:9090/?x=1'), 'https://prom.lan:9090');
  });

  it('sends the bearer token from the secret store and reads the vector', async () => {
    const ctx = testContext({ config: { metrics: { url: `${api.url}/select/0/prometheus`, bearerToken: 'secret:vmauth' } }, secrets: new MemorySecretStore({ vmauth: 'vmauth-token-42' }) });
    const integ = (await createMetricsIntegration().build(ctx, {}))!;
    try {
      const hosts = await (integ.sources[0] as { poll(c: { signal: AbortSignal }): Promise<unknown> }).poll({ signal: new AbortController().signal });
      assert.ok(Array.isArray(hosts));
      const r = await integ.actions!.testConnection!({ kind: 'metrics', name: 'metrics' });
      assert.equal(r.ok, true, r.message);
      assert.match(r.message, /4 scrape targets, 2 up/);
      assert.ok(api.requests.every((q) => q.headers.authorization === 'Bearer vmauth-token-42'));
    } finally {
      await integ.dispose?.();
    }
  });

  it('names the missing secret instead of asking without a token', async () => {
    const ctx = testContext({ config: { metrics: { url: `${api.url}/select/0/prometheus`, bearerToken: 'secret:vmauth' } } });
    const integ = (await createMetricsIntegration().build(ctx, {}))!;
    const before = api.requests.length;
    try {
      const r = await integ.actions!.testConnection!({ kind: 'metrics', name: 'metrics' });
      assert.equal(r.ok, false);
      assert.match(r.message, /metrics\.bearerToken: secret "vmauth" is not set \(CLI: set LABTRAY_SECRET_VMAUTH/);
      assert.equal(api.requests.length, before);
    } finally {
      await integ.dispose?.();
    }
  });

  it('explains a 401, and a page that is not the query API', async () => {
    const noAuth = createPromClient({ url: `${api.url}/select/0/prometheus`, fetch: fetchVia(agent) });
    await assert.rejects(noAuth.query('up'), (e: unknown) => e instanceof LabError && e.code === 'auth' && /refused the credentials \(HTTP 401\)/.test(e.message));
    const html = createPromClient({ url: `${api.url}/html`, fetch: fetchVia(agent), headers: async () => ({ authorization: 'Bearer vmauth-token-42' }) });
    await assert.rejects(html.query('up'), /answered HTTP 200 with something that is not Prometheus JSON — is metrics.url the query API base/);
  });

  it('gives up on a server that never answers, and stops at once when the poll is cancelled', async () => {
    const slow = createPromClient({ url: `${api.url}/slow`, fetch: fetchVia(agent), timeoutMs: 300 });
    await assert.rejects(slow.query('up'), /metrics at http:\/\/127\.0\.0\.1:\d+\/slow: no answer within 0\.3 s/);
    const ac = new AbortController();
    const pending = createPromClient({ url: `${api.url}/slow`, fetch: fetchVia(agent), timeoutMs: 60_000 }).query('up', ac.signal);
    ac.abort(new Error('poll timed out'));
    await assert.rejects(pending, /poll timed out/);
  });

  it('says a closed port is unreachable', async () => {
    const port = await freePort();
    const closed = createPromClient({ url: `http://127.0.0.1:${port}`, fetch: fetchVia(agent) });
    await assert.rejects(closed.query('up'), (e: unknown) => e instanceof LabError && e.code === 'unreachable' && e.message.startsWith(`cannot reach metrics at http://127.0.0.1:${port}: `) && /ECONNREFUSED/.test(e.message));
  });
});
