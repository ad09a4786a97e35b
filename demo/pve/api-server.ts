/**
 * The HTTPS side of the simulator, as pveproxy behaves: /api2/json paths,
 * form or JSON bodies, auth before anything else, PVE's schema check of
 * parameter names and values (types, enumerations, ranges, formats), 595
 * for a node that is down, permission checks, and the JSON envelope. Injected faults (latency, an error status, a reset, no answer,
 * broken JSON, a cut-off body) act before any of that.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import perms from './api-perms.json';
import type { SimAuth } from './auth';
import type { SimCertificate } from './cert';
import { SimHttpError, type PermCheck, type PveCluster, type SimFault, type SimRoute } from './model';
import { simRoutes } from './routes';
import { verifyParams } from './schema';
import type { TaskRunner } from './tasks';

/** The permission check PVE's schema gives each route (cut from the schema like api-params.json). */
const routeChecks = perms as Record<string, PermCheck | undefined>;

interface ActiveFault {
  fault: SimFault;
  path: RegExp | null;
  remaining: number;
}

export interface ApiServerDeps {
  cluster: PveCluster;
  auth: SimAuth;
  /** Its clock serves latency faults too, so stopping the simulator cancels them. */
  runner: TaskRunner;
  certificate: SimCertificate;
  /** How far the node's clock is off, as its Date header shows. */
  clockOffsetMs?: number;
}

export class SimApiServer {
  /** Every HTTP request that reached the API (method + path), for tests. */
  readonly requests: { method: string; path: string; query: string }[] = [];
  /** TCP connections accepted (counted before the TLS handshake). */
  connections = 0;
  port = 0;
  private faults: ActiveFault[] = [];
  private readonly sockets = new Set<Socket>();
  /** The TCP sockets under the TLS ones: only these can send a reset. */
  private readonly rawSockets = new Set<Socket>();
  private server: Server | null = null;
  private cert: SimCertificate;

  constructor(private readonly deps: ApiServerDeps) {
    this.cert = deps.certificate;
  }

  get certificate(): SimCertificate {
    return this.cert;
  }

  async listen(): Promise<void> {
    const server = createServer({ key: this.cert.key, cert: this.cert.cert }, (req, res) => void this.handle(req, res));
    server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('connection', (s: Socket) => {
      this.connections++;
      this.sockets.add(s);
      this.rawSockets.add(s);
      s.on('close', () => {
        this.sockets.delete(s);
        this.rawSockets.delete(s);
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Injects a fault for requests whose path matches (all when no path), `times` times (default: until cleared). */
  addFault(fault: SimFault, opts: { path?: RegExp; times?: number } = {}): void {
    this.faults.push({ fault, path: opts.path ?? null, remaining: opts.times ?? Infinity });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Serves a new certificate from now on; open connections are dropped. */
  rotateCertificate(cert: SimCertificate): void {
    this.cert = cert;
    this.server?.setSecureContext({ key: cert.key, cert: cert.cert });
    for (const s of this.sockets) s.destroy();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sim');
    const apiPath = url.pathname.replace(/^\/api2\/json/, '');
    this.requests.push({ method: req.method ?? 'GET', path: apiPath, query: url.search });
    try {
      if (await this.applyFaults(req, res, apiPath)) return;
      const params = await this.readParams(req, url);
      const route = this.match(req.method ?? 'GET', apiPath, params);
      let user = '';
      if (!(route.path === '/access/ticket' && route.method === 'POST')) user = this.deps.auth.authenticate(req);
      const unknown = Object.keys(params).filter((k) => !route.params.includes(k));
      if (unknown.length) {
        throw new SimHttpError(400, 'Parameter verification failed.', Object.fromEntries(unknown.map((k) => [k, 'property is not defined in schema and the schema does not allow additional properties'])));
      }
      const invalid = verifyParams(route.method, route.path, params);
      if (invalid) throw new SimHttpError(400, 'Parameter verification failed.', invalid);
      if (route.nodeMustBeOnline && params.node) {
        const n = this.deps.cluster.nodes.get(params.node);
        if (!n) throw new SimHttpError(500, `hostname lookup '${params.node}' failed - failed to get address info for: ${params.node}: Name or service not known`);
        if (!n.online) throw new SimHttpError(595, `No route to host`);
      }
      const check = routeChecks[`${route.method} ${route.path}`];
      if (check) this.deps.auth.checkApi(user, check, params);
      const data = await route.handler({ params, user, sim: this.deps.cluster });
      this.send(res, 200, 'OK', { data: data ?? null });
    } catch (err) {
      if (err instanceof SimHttpError) this.send(res, err.status, err.reason, { data: null, ...(err.errors ? { errors: err.errors } : {}) });
      else this.send(res, 500, err instanceof Error ? err.message.split('\n')[0] : String(err), { data: null });
    }
  }

  /**
   * Acts out the faults that match the path, in the order they were injected:
   * latencies add up, the first other fault decides the answer. True when
   * that fault has answered (or will never answer) the request; a status
   * fault throws its error like a handler would.
   */
  private async applyFaults(req: IncomingMessage, res: ServerResponse, apiPath: string): Promise<boolean> {
    for (const f of this.faults) {
      if (f.remaining <= 0 || (f.path && !f.path.test(apiPath))) continue;
      if (f.fault.kind === 'latency') {
        await this.deps.runner.wait(f.fault.ms, true);
        continue;
      }
      f.remaining--;
      switch (f.fault.kind) {
        case 'blackhole':
          return true; // never answers
        case 'reset': {
          // The TLS socket cannot send a RST itself; its TCP socket can.
          const raw = [...this.rawSockets].find((s) => s.remotePort === req.socket.remotePort && s.localPort === req.socket.localPort);
          (raw ?? req.socket).resetAndDestroy();
          return true;
        }
        case 'status':
          throw new SimHttpError(f.fault.status, f.fault.reason);
        case 'malformed':
          res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
          res.end('{"data":[{"id":"qemu/100","type":"qemu",');
          return true;
        case 'truncated': {
          const body = JSON.stringify({ data: [{ id: 'node/um560', type: 'node', node: 'um560', status: 'online' }] });
          res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(body.length + 500) });
          res.write(body.slice(0, 40));
          setTimeout(() => req.socket.destroy(), 5);
          return true;
        }
      }
    }
    return false;
  }

  private send(res: ServerResponse, status: number, reason: string, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    const date = new Date(Date.now() + (this.deps.clockOffsetMs ?? 0)).toUTCString();
    res.writeHead(status, reason.replace(/[\r\n]/g, ' '), { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'max-age=0', Date: date });
    res.end(text);
  }

  /** Query and body parameters together, as PVE merges them. */
  private async readParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      if (text) {
        if ((req.headers['content-type'] ?? '').includes('json')) {
          for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>)) params[k] = String(v);
        } else for (const [k, v] of new URLSearchParams(text)) params[k] = v;
      }
    }
    return params;
  }

  /** The route for a method and path; its path parameters are added to `params`. */
  private match(method: string, path: string, params: Record<string, string>): SimRoute {
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    for (const r of simRoutes) {
      const rs = r.path.split('/').filter(Boolean);
      if (rs.length !== segs.length) continue;
      const got: Record<string, string> = {};
      if (!rs.every((s, i) => (s.startsWith('{') ? ((got[s.slice(1, -1)] = segs[i]), true) : s === segs[i]))) continue;
      if (r.method !== method) continue;
      Object.assign(params, got);
      return r;
    }
    throw new SimHttpError(501, `Method '${method} /api2/json${path}' not implemented`);
  }
}
