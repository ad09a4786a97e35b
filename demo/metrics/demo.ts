import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { DemoPart } from '../demo-lab';
import { labSeries } from './model';
import { evaluate, QueryError } from './promql';

export interface MetricsSim {
  url: string;
  /** Queries asked, newest last (tests read them). */
  readonly queries: string[];
  stop(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

/**
 * The demo lab's VictoriaMetrics: the Prometheus query API (`/api/v1/query`,
 * GET or POST form) on 127.0.0.1 over the reference lab's node_exporter
 * series, which move with time (see model.ts). `/health` answers OK.
 */
export async function startMetricsSim(opts: { now?: () => number } = {}): Promise<MetricsSim> {
  const now = opts.now ?? (() => Date.now());
  const bootedAt = now() - 12 * 86_400_000;
  const queries: string[] = [];
  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const query = (res: ServerResponse, expr: string | null): void => {
    if (!expr) return answer(res, 400, { status: 'error', errorType: '400', error: 'missing `query` arg' });
    queries.push(expr);
    const t = now();
    try {
      const result = evaluate(expr, labSeries(t, bootedAt)).map((s) => ({ metric: s.labels, value: [t / 1000, String(s.value)] }));
      answer(res, 200, { status: 'success', data: { resultType: 'vector', result } });
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      answer(res, 422, { status: 'error', errorType: '422', error: err.message });
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/health') return void res.end('OK');
    if (url.pathname !== '/api/v1/query') return answer(res, 404, { status: 'error', errorType: '404', error: `unsupported path requested: ${url.pathname}` });
    if (req.method === 'GET') return query(res, url.searchParams.get('query'));
    if (req.method !== 'POST') return answer(res, 405, { status: 'error', errorType: '405', error: 'use GET or POST' });
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString('utf8');
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => query(res, new URLSearchParams(body).get('query') ?? url.searchParams.get('query')));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** The metrics part of the demo lab: the config's `metrics.url` points at the simulator. */
export async function startDemo(): Promise<DemoPart> {
  const sim = await startMetricsSim();
  return {
    config: { metrics: { url: sim.url, interval: 15_000 } },
    secrets: {},
    stop: () => sim.stop(),
  };
}
